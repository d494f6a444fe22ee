// The kernel's host and domain names: set through /proc/sys/kernel in a UTS namespace the test makes
// (`unshare --uts`, so the host's names never change) and read back with the kernel's own `hostname`
// and `domainname`; the HostnameSpec controller sets them on metal only.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostnameSpecController } from '../../../../controllers/network/hostname-spec';
import {
  HostnameTooLongError,
  setKernelNames,
  type KernelNames,
} from '../../../../src/network/kernel/hostname';
import {
  HostnameSpecDefinition,
  type HostnameSpecSpec,
} from '../../../../src/resources/network/hostname-spec';
import { HostnameStatusDefinition } from '../../../../src/resources/network/hostname-status';
import { REPO } from '../../../harness/agent';
import { requireRoot } from '../../../harness/tools';
import { harness, settle, waitFor, type Harness } from '../../controller-runtime/helpers';

const MODULE = join(REPO, 'src/network/kernel/hostname.ts');

/** Runs setKernelNames in a new UTS namespace and returns what `hostname` and `domainname` say there. */
function inNewUTSNamespace(names: KernelNames): string {
  requireRoot('a UTS namespace');
  const script = `import { setKernelNames } from ${JSON.stringify(MODULE)};
await setKernelNames(${JSON.stringify(names)});`;
  return execFileSync(
    'unshare',
    [
      '--uts',
      'sh',
      '-c',
      `"$0" --import tsx --input-type=module -e "$1" && hostname && domainname`,
      process.execPath,
      script,
    ],
    { encoding: 'utf8', cwd: REPO },
  );
}

describe('kernel host and domain names', () => {
  it('sets both in the namespace the agent runs in, and nothing outside it', () => {
    const before = execFileSync('hostname', { encoding: 'utf8' });
    expect(inNewUTSNamespace({ hostname: 'talos-abc-def', domainname: 'cluster.example' })).toBe(
      'talos-abc-def\ncluster.example\n',
    );
    expect(inNewUTSNamespace({ hostname: 'worker-1', domainname: '' })).toBe('worker-1\n\n');
    expect(execFileSync('hostname', { encoding: 'utf8' })).toBe(before);
  });

  it('refuses a name longer than the kernel takes, before writing anything', async () => {
    const proc = await mkdtemp(join(tmpdir(), 'talos-ts-proc-'));
    try {
      await mkdir(join(proc, 'sys/kernel'), { recursive: true });
      await expect(setKernelNames({ hostname: 'x'.repeat(65), domainname: '' }, proc)).rejects.toThrow(
        HostnameTooLongError,
      );
      // nothing was written: the file does not exist
      await expect(readFile(join(proc, 'sys/kernel/hostname'))).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await rm(proc, { recursive: true, force: true });
    }
  });
});

describe('HostnameSpec controller and the kernel names', () => {
  let h: Harness;
  afterEach(() => h.shutdown());
  const SPEC = { namespace: 'network', type: HostnameSpecDefinition.type, id: 'hostname' };

  async function run(setNames?: (n: KernelNames) => Promise<void>) {
    h = harness();
    h.runtime.register(new HostnameSpecController(setNames));
    h.start();
    const write = (hostname: string, domainname: string) =>
      h.state.modify<HostnameSpecSpec>(SPEC, () => ({ hostname, domainname, layer: 'configuration' }));
    return write;
  }

  it('sets them on metal, once per change', async () => {
    const set: KernelNames[] = [];
    const write = await run(async (n) => void set.push(n));
    await write('node-a', 'example.org');
    await waitFor(() => set.length === 1);
    await write('node-b', '');
    await waitFor(() => set.length === 2);
    await settle(100);
    expect(set).toEqual([
      { hostname: 'node-a', domainname: 'example.org' },
      { hostname: 'node-b', domainname: '' },
    ]);
  });

  it('leaves them alone without a setter (container), while the status follows', async () => {
    const write = await run();
    await write('node-a', '');
    await waitFor(() =>
      h.state
        .get({ namespace: 'network', type: HostnameStatusDefinition.type, id: 'hostname' })
        .catch(() => undefined),
    );
  });
});
