// The reset sequence's order and choices: leave etcd only when graceful on a control plane, stop the
// configured services, wipe the asked labels (all when none named), then boot again.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runReset, wipeLabels, type ResetRequest } from '../../../../src/apps/machined/reset';

let root: string;
afterEach(() => rm(root, { recursive: true, force: true }));

async function run(req: ResetRequest, controlPlane = true): Promise<{ calls: string[]; left: string[] }> {
  root = await mkdtemp(join(tmpdir(), 'reset-'));
  await mkdir(join(root, 'var/lib/etcd'), { recursive: true });
  await mkdir(join(root, 'etc/kubernetes/manifests'), { recursive: true });
  await writeFile(join(root, 'config.yaml'), 'x');
  const calls: string[] = [];
  await runReset(
    req,
    {
      rootDir: root,
      isControlPlane: () => controlPlane,
      leaveEtcd: () => Promise.resolve(void calls.push('leave')),
      stopConfiguredServices: () => Promise.resolve(void calls.push('stop')),
      wipeState: () => Promise.resolve(void calls.push('state')),
      boot: () => Promise.resolve(void calls.push('boot')),
      log: () => undefined,
    },
    new AbortController().signal,
  );
  const left = (await readdir(root)).sort();
  if (left.includes('etc')) left.push(...(await readdir(join(root, 'etc'))).map((f) => `etc/${f}`));
  return { calls, left };
}

describe('reset', () => {
  it('gracefully on a control plane: leave, stop, wipe everything, boot', async () => {
    const r = await run({ graceful: true, reboot: true });
    expect(r.calls).toEqual(['leave', 'stop', 'state', 'boot']);
    expect(r.left).toEqual(['config.yaml', 'etc']); // config.yaml: STATE is wiped by the wipeState step
  });

  it('does not leave etcd when not graceful, or on a worker', async () => {
    expect((await run({ graceful: false })).calls).toEqual(['stop', 'state', 'boot']);
    expect((await run({ graceful: true }, false)).calls).toEqual(['stop', 'state', 'boot']);
  });

  it('wipes only the labels named', async () => {
    const r = await run({ graceful: false, system_partitions_to_wipe: [{ label: 'EPHEMERAL', wipe: true }] });
    expect(r.calls).toEqual(['stop', 'boot']);
    expect(r.left).toEqual(['config.yaml', 'etc']);
    expect(wipeLabels({ system_partitions_to_wipe: [{ label: 'STATE', wipe: true }] })).toEqual({
      state: true,
      ephemeral: false,
    });
    // A label without `wipe` is not a target (talosctl always sets it).
    expect(wipeLabels({ system_partitions_to_wipe: [{ label: 'STATE' }] })).toEqual({
      state: false,
      ephemeral: false,
    });
  });
});
