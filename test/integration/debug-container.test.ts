// DebugService.ContainerRun (`talosctl debug`) on a configured agent, judged by the official client
// library: an image imported into the system containerd through ImageService.Import runs privileged
// with the caller's arguments and environment, reads the caller's input, sees the node's root at
// /host, and its exit code comes back last; the container is gone afterwards. Refusals: a profile
// that is not privileged (InvalidArgument), an image that is not there (NotFound).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { grpcCode, type TestClient } from '../harness/client';
import { applyAndConnect, generateConfig } from '../harness/configured';
import { eventually } from '../harness/eventually';
import { buildMachineryClient, machinery } from '../harness/machinery-client';
import { buildOciArchive } from '../harness/oci-image';
import { requireTool, requireTools } from '../harness/tools';

const NODE = '127.0.0.2';
const IMAGE = 'registry.example/talos-ts/debug-shell:v1';
const SYSTEM = { driver: 'CONTAINERD', namespace: 'NS_SYSTEM' };

/** busybox and the libraries its loader needs (ldd), as image files. */
function busyboxFiles(busybox: string): { path: string; source: string; mode?: number }[] {
  const libs = execFileSync('ldd', [busybox], { encoding: 'utf8' })
    .split('\n')
    .map((l) => /(\/\S+) \(0x/.exec(l)?.[1])
    .filter((p): p is string => p !== undefined);
  return [{ path: 'bin/busybox', source: busybox }, ...libs.map((l) => ({ path: l.slice(1), source: l }))];
}

describe('debug containers', () => {
  let agent: Agent;
  let client: TestClient;
  let talosconfig: string;
  let stateDir: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    requireTools('containerd', 'ctr', 'runc');
    const busybox = requireTool('busybox');
    buildMachineryClient();
    const gen = await makeStateDir();
    dirs.push(gen);
    const g = generateConfig(gen, 'debug', NODE);
    talosconfig = join(gen, 'talosconfig');
    stateDir = await makeStateDir();
    dirs.push(stateDir);
    agent = startAgent(NODE, stateDir);
    await agent.waitReady();
    client = await applyAndConnect(NODE, g.controlPlane, g.adminTLS);
    const built = buildOciArchive({ ref: IMAGE, files: busyboxFiles(busybox) });
    const chunks: object[] = [{ containerd: SYSTEM }];
    for (let at = 0; at < built.archive.length; at += 64 * 1024)
      chunks.push({ image_chunk: { bytes: built.archive.subarray(at, at + 64 * 1024) } });
    const imported = await eventually(
      () => client.clientStream<{ name: string }>('/machine.ImageService/Import', chunks),
      600,
    );
    expect(imported.name).toBe(IMAGE);
    writeFileSync(join(stateDir, 'debug-marker'), 'from the node\n');
  }, 180_000);

  afterAll(async () => {
    client?.close();
    await agent?.stop();
    for (const d of dirs) await removeDir(d);
  });

  it('runs the image with the arguments, environment and input given; the exit code comes last', async () => {
    const out = await machinery(
      { endpoint: NODE, talosconfig },
      [
        'debug',
        IMAGE,
        '/bin/busybox',
        'sh',
        '-c',
        'read line; echo "got $line"; echo "env $DEBUG_TEST"; /bin/busybox cat /host/debug-marker; exit 3',
      ],
      60_000,
      Buffer.from('hello from stdin\n'),
    ).catch((e: unknown) => {
      const log = agent
        .output()
        .split('\n')
        .filter((l) => /debug/i.test(l))
        .slice(-20)
        .join('\n');
      throw new Error(`${String(e)}\nagent log (debug lines):\n${log}`);
    });
    expect(out).toBe('got hello from stdin\nenv yes\nfrom the node\nexit-code: 3\n');
    const containers = execFileSync(
      'ctr',
      [
        '--address',
        join(stateDir, 'system/run/containerd/containerd.sock'),
        '-n',
        'system',
        'containers',
        'ls',
        '-q',
      ],
      { encoding: 'utf8' },
    );
    expect(containers.split('\n').filter((l) => l.startsWith('debug-'))).toEqual([]);
  }, 90_000);

  it('refuses a profile that is not privileged and an image that is not there', async () => {
    const run = (spec: object) =>
      client.bidi('/machine.DebugService/ContainerRun', [{ spec }]).catch((e: unknown) => e);
    expect(
      grpcCode(await run({ containerd: SYSTEM, image_name: IMAGE, profile: 'PROFILE_UNSPECIFIED' })),
    ).toBe(status.INVALID_ARGUMENT);
    expect(
      grpcCode(
        await run({
          containerd: SYSTEM,
          image_name: 'registry.example/missing:v1',
          profile: 'PROFILE_PRIVILEGED',
        }),
      ),
    ).toBe(status.NOT_FOUND);
  }, 60_000);
});
