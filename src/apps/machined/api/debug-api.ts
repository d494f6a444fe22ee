// DebugService.ContainerRun (`talosctl debug`): a privileged container from an image already in a
// containerd instance (talosctl imports or pulls it first), run with the caller's arguments and
// environment, the host's network, and the node's root at /host, as Talos does; its output
// (stdout and stderr together) streamed back, the caller's input written to it, the caller's signals
// sent to its task, and its exit code as the last answer. The container is removed when it ends or
// the caller goes away. containerd's own client (`ctr run`) creates the container and task and
// carries the standard streams. Without a terminal: a `tty` request runs with plain pipes (terminal
// resizes are ignored), which is what this node cannot offer yet.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { ContainerdClient, ContainerdError, isNotFound } from '../../../containerd/client';
import { ctrBin, ctrError } from '../../../containerd/image-pull';
import { errorMessage } from '../../../error-message';
import type * as machine from '../../../gen/api/machine';
import { ApiError } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import type { Logger } from '../../../log';
import { instanceOf } from './images-api';

export interface DebugApiOptions {
  readonly rootDir: string;
  /** What the container sees at /host (the node's `/`). */
  readonly hostRoot: string;
  readonly logger: Logger;
}

/** ctr run's arguments for the debug container. */
export function debugRunArgs(
  inst: { socket: string; namespace: string },
  id: string,
  spec: Pick<machine.DebugContainerRunRequestSpec, 'image_name' | 'args' | 'env'>,
  hostRoot: string,
): string[] {
  const env = Object.entries(spec.env ?? {}).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
  return [
    '--address',
    inst.socket,
    '--namespace',
    inst.namespace,
    'run',
    '--rm',
    '--privileged',
    '--net-host',
    '--mount',
    `type=bind,src=${hostRoot},dst=/host,options=rbind:rw`,
    ...env,
    spec.image_name,
    id,
    ...spec.args,
  ];
}

export function debugApi(o: DebugApiOptions): Implementation<'machine.DebugService'> {
  return implement('machine.DebugService', {
    ContainerRun: async (reqs, ctx, send) => {
      const it = reqs[Symbol.asyncIterator]();
      const first = await it.next();
      if (first.done) throw new ApiError(status.INVALID_ARGUMENT, 'failed to receive spec: EOF');
      const spec = first.value.spec;
      if (!spec) throw new ApiError(status.INVALID_ARGUMENT, 'expected debug container spec');
      if (spec.profile !== 'PROFILE_PRIVILEGED')
        throw new ApiError(
          status.INVALID_ARGUMENT,
          `unsupported debug container profile: ${String(spec.profile)}`,
        );
      const inst = instanceOf(o.rootDir, spec.containerd);
      const client = new ContainerdClient(inst.socket, inst.namespace);
      const id = `debug-${randomBytes(8).toString('hex')}`;
      try {
        try {
          await client.getImage(spec.image_name, { signal: ctx.signal });
        } catch (e: unknown) {
          if (isNotFound(e))
            throw new ApiError(status.NOT_FOUND, `image ${spec.image_name} not found: ${errorMessage(e)}`);
          // containerd's own answer keeps its code (Unavailable when it cannot be reached)
          if (e instanceof ContainerdError) throw new ApiError(e.code, e.message);
          throw e;
        }
        o.logger.info(
          { image: spec.image_name, args: spec.args, profile: spec.profile, id },
          'debug container request received',
        );
        const code = await runDebugContainer(
          client,
          id,
          debugRunArgs(inst, id, spec, o.hostRoot),
          it,
          ctx.signal,
          send,
          o.logger,
        );
        o.logger.info({ id, code }, 'debug container cleaned up');
        await send({ exit_code: code });
        o.logger.info({ id, code }, 'debug container exit code sent');
      } finally {
        client.close();
      }
    },
  });
}

/** Runs ctr until the container ends; its exit code. */
export async function runDebugContainer(
  client: ContainerdClient,
  id: string,
  args: string[],
  input: AsyncIterator<machine.DebugContainerRunRequest>,
  signal: AbortSignal,
  send: (res: machine.DebugContainerRunResponseInit) => Promise<void>,
  logger: Logger,
): Promise<number> {
  const child = spawn(ctrBin(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let sending = Promise.resolve();
  const forward = (b: Buffer): void => {
    sending = sending.then(() => send({ stdout_data: b })).catch(() => undefined);
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-8192);
    forward(b);
  });
  child.stdin.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  const stop = (): void => {
    // the task goes first; ctr then removes the container (--rm)
    client.killTask(id, 9, true).catch(() => child.kill('SIGKILL'));
  };
  signal.addEventListener('abort', stop, { once: true });
  // the caller's input until it closes its side (or the call ends)
  (async () => {
    for (;;) {
      const next = await input.next();
      if (next.done || child.exitCode !== null) break;
      const m = next.value;
      if (m.request === 'stdin_data' && m.stdin_data) child.stdin.write(m.stdin_data);
      else if (m.request === 'signal' && m.signal) await client.killTask(id, m.signal);
    }
  })()
    .catch(() => undefined)
    .finally(() => child.stdin.end());
  try {
    const code = await exited;
    await sending;
    const ctrSaid = /^ctr: /m.test(stderr) ? ctrError(stderr) : '';
    logger.info({ id, code, ctr: ctrSaid }, 'debug container ended');
    if (signal.aborted) throw new ApiError(status.CANCELLED, 'context canceled');
    // ctr ends with the task's exit code; a failure of its own says so on its last `ctr:` line
    if (code === null || (code !== 0 && /^ctr: /m.test(stderr)))
      throw new ApiError(status.INTERNAL, `failed to run debug container: ${ctrError(stderr)}`);
    return code;
  } finally {
    signal.removeEventListener('abort', stop);
    await removeLeftovers(client, id);
  }
}

/** What ctr's --rm did not remove (ctr itself stopped early). */
async function removeLeftovers(client: ContainerdClient, id: string): Promise<void> {
  await client.killTask(id, 9, true).catch(() => undefined);
  await client.deleteTask(id).catch(() => undefined);
  await client.deleteContainer(id).catch(() => undefined);
}
