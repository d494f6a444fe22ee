// talos.config=metal-iso: config.yaml read from the volume labelled metal-iso, here ext4 and XFS images
// made with the real tools and mounted for real (read-only, through loop devices), among disks that are
// not it; and waited for until it shows up. (The build machines' kernels have no vfat or isofs: the ISO
// and FAT cases are booted under QEMU, test/qemu/boot-config-iso.test.ts.) Needs root, e2fsprogs,
// xfsprogs and dosfstools.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src/log';
import { readConfigFromVolume } from '../../../../src/platform/metal/config-volume';
import { requireRoot, requireTools } from '../../../harness/tools';

const dir = mkdtempSync(join(tmpdir(), 'config-volume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG = 'version: v1alpha1\nmachine:\n  type: controlplane\n';

/** A machine with /sys/class/block entries and their /dev files. */
function machine(name: string) {
  const sysClassBlock = join(dir, name, 'sys');
  const devDir = join(dir, name, 'dev');
  mkdirSync(sysClassBlock, { recursive: true });
  mkdirSync(devDir, { recursive: true });
  const add = (dev: string, make: (path: string) => void): void => {
    const path = join(devDir, dev);
    execFileSync('truncate', ['-s', '16M', path]);
    make(path);
    mkdirSync(join(sysClassBlock, dev));
  };
  return { sysClassBlock, devDir, add };
}

/** An ext4 file system labelled `label`, holding config.yaml when `file` is given. */
const ext4 = (label: string, file?: string) => (path: string) => {
  const src = mkdtempSync(join(dir, 'root-'));
  if (file !== undefined) writeFileSync(join(src, 'config.yaml'), file);
  execFileSync('mkfs.ext4', ['-q', '-L', label, '-d', src, path]);
};

function logs() {
  let out = '';
  const sink = { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream;
  return { logger: createLogger('json', 'info', sink), text: () => out };
}

const mountedUnder = (prefix: string): string[] =>
  readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .filter((l) => l.includes(prefix));

describe('config from the metal-iso volume', () => {
  beforeAll(() => {
    requireRoot('mounting the test volumes');
    requireTools('mkfs.vfat', 'mkfs.ext4', 'mkfs.xfs', 'mount');
  });

  it('reads config.yaml from the labelled volume only, and unmounts it', async () => {
    const m = machine('a');
    m.add('vda', () => undefined); // an empty disk
    m.add('vdb', (p) => execFileSync('mkfs.vfat', ['-n', 'METAL', p], { stdio: 'ignore' }));
    m.add('vdc1', ext4('data', 'not: this\n'));
    m.add('sr0', ext4('metal-iso', CONFIG));
    const log = logs();
    const config = await readConfigFromVolume({
      ...m,
      logger: log.logger,
      signal: AbortSignal.timeout(30_000),
    });
    expect(config.toString()).toBe(CONFIG);
    expect(log.text()).toContain(`"device":"${join(m.devDir, 'sr0')}"`);
    expect(log.text()).toContain('read machine config from volume');
    expect(mountedUnder('talos-metal-iso-')).toEqual([]);
  });

  it('reads an XFS volume too', async () => {
    const m = machine('b');
    m.add('vdb', (p) => {
      execFileSync('truncate', ['-s', '100M', p]);
      execFileSync('mkfs.xfs', ['-q', '-f', '-L', 'metal-iso', p], {
        env: { ...process.env, TEST_DIR: tmpdir(), TEST_DEV: 'talos', QA_CHECK_FS: '1' },
      });
      const mnt = mkdtempSync(join(dir, 'mnt-'));
      execFileSync('mount', [p, mnt]);
      try {
        writeFileSync(join(mnt, 'config.yaml'), CONFIG);
      } finally {
        execFileSync('umount', [mnt]);
      }
    });
    const config = await readConfigFromVolume({
      ...m,
      logger: logs().logger,
      signal: AbortSignal.timeout(30_000),
    });
    expect(config.toString()).toBe(CONFIG);
  });

  it('waits for the volume, passing over one without config.yaml', async () => {
    const m = machine('c');
    m.add('vda', ext4('metal-iso')); // labelled, but no config.yaml
    const log = logs();
    const reading = readConfigFromVolume({
      ...m,
      logger: log.logger,
      signal: AbortSignal.timeout(60_000),
      retryMs: 100,
    });
    // Once the first look has found nothing, the volume is plugged in.
    while (!log.text().includes('waiting for a volume labelled metal-iso'))
      await new Promise((r) => setTimeout(r, 20));
    m.add('sdb', ext4('metal-iso', CONFIG));
    expect((await reading).toString()).toBe(CONFIG);
    expect(log.text()).toContain('no config.yaml on the metal-iso volume');
    expect(mountedUnder('talos-metal-iso-')).toEqual([]);
  });

  it('stops waiting when the signal fires', async () => {
    const m = machine('d');
    const ac = new AbortController();
    const reading = readConfigFromVolume({ ...m, logger: logs().logger, signal: ac.signal, retryMs: 50 });
    ac.abort(new Error('shutting down'));
    await expect(reading).rejects.toThrow('shutting down');
  });
});
