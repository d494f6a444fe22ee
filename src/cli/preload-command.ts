// `talos-ts preload`, not for users: the image build runs it under images/agent/start.cjs to record V8's
// code cache of the agent. It loads every module a metal boot loads, then goes once along the path to
// a maintenance boot's first answer: machined in maintenance (container platform, no system services,
// a temporary state directory) on a random loopback address, and one Version call over TLS. The
// functions compiled on the way are in the cache too, so a booting node compiles little. Its log is
// discarded and the state directory removed.
import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { agentLoggers, loadAgent } from './machined-command';

/** How long the maintenance service may take to answer on the build machine. */
const ANSWER_WITHIN_MS = 60_000;

export async function runPreload(): Promise<number> {
  const [{ Machined, apiSchema }] = await Promise.all([
    loadAgent(),
    import('../platform/metal/drivers'),
    import('../apps/machined/metal-boot'),
    import('../apps/machined/metal-system'),
  ]);
  const stateDir = await mkdtemp(join(tmpdir(), 'talos-ts-preload-'));
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  const { logSources, logger, controllerLogger } = agentLoggers('console', discard);
  const listen = `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
  const stop = new AbortController();
  const machined = new Machined({
    platform: 'container',
    stateDir,
    listen,
    schema: apiSchema(),
    logger,
    logSources,
    controllerLogger,
    systemServices: false,
  });
  const running = machined.run(stop.signal);
  try {
    await Promise.race([
      firstVersion(listen),
      running.then(() => Promise.reject(new Error('machined stopped'))),
    ]);
    return 0;
  } finally {
    stop.abort();
    await running.catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true });
  }
}

/** Calls Version (insecure TLS, as a maintenance client) until it answers. */
async function firstVersion(host: string): Promise<void> {
  const creds = grpc.credentials.createSsl(null, null, null, {
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
  });
  // A name, not the IP, as TLS server name (Node warns about an IP there); the certificate is not checked.
  const client = new grpc.Client(`${host}:50000`, creds, { 'grpc.ssl_target_name_override': 'talos' });
  const pass = (b: Buffer): Buffer => b;
  const deadline = Date.now() + ANSWER_WITHIN_MS;
  try {
    for (;;) {
      const answered = await new Promise<boolean>((resolve) =>
        client.makeUnaryRequest(
          '/machine.MachineService/Version',
          pass,
          pass,
          Buffer.alloc(0),
          { deadline: Date.now() + 5000 },
          (err) => resolve(!err),
        ),
      );
      if (answered) return;
      if (Date.now() > deadline) throw new Error(`the maintenance service did not answer on ${host}`);
      await sleep(100);
    }
  } finally {
    client.close();
  }
}
