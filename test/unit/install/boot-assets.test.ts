// Finding the kernel and initramfs to install: copies a bootloader placed in the initramfs first, else
// the ISO the machine booted from (an ISO 9660 volume labelled TALOS_…), mounted read-only.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BootAssetsMissingError, findBootAssets, isoVolumeLabel } from '../../../src/install/boot-assets';

const dir = mkdtempSync(join(tmpdir(), 'boot-assets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A device file with an ISO 9660 primary volume descriptor labelled `label`. */
function isoDevice(path: string, label: string): void {
  const b = Buffer.alloc(0x8000 + 2048);
  b.write('\x01CD001\x01', 0x8000, 'latin1');
  b.write(label.padEnd(32, ' '), 0x8028, 'latin1');
  writeFileSync(path, b);
}

function machine(name: string, devices: Record<string, string | undefined>) {
  const sys = join(dir, name, 'sys');
  const dev = join(dir, name, 'dev');
  mkdirSync(dev, { recursive: true });
  for (const [d, label] of Object.entries(devices)) {
    mkdirSync(join(sys, d), { recursive: true });
    if (label === undefined) writeFileSync(join(dev, d), Buffer.alloc(4096));
    else isoDevice(join(dev, d), label);
  }
  const calls: string[][] = [];
  const run = (cmd: string, args: readonly string[]) => {
    calls.push([cmd, ...args]);
    if (cmd === 'mount') {
      const mnt = args[args.length - 1]!;
      mkdirSync(join(mnt, 'boot'), { recursive: true });
      writeFileSync(join(mnt, 'boot/vmlinuz'), 'k');
      writeFileSync(join(mnt, 'boot/initramfs.xz'), 'i');
    }
    return Promise.resolve('');
  };
  return { sysClassBlock: sys, devDir: dev, run, calls, signal: AbortSignal.timeout(5000) };
}

describe('boot assets', () => {
  it('reads the ISO 9660 label', async () => {
    isoDevice(join(dir, 'iso'), 'TALOS_V1_13_9');
    expect(await isoVolumeLabel(join(dir, 'iso'))).toBe('TALOS_V1_13_9');
    writeFileSync(join(dir, 'plain'), Buffer.alloc(0x9000));
    expect(await isoVolumeLabel(join(dir, 'plain'))).toBeUndefined();
    expect(await isoVolumeLabel(join(dir, 'missing'))).toBeUndefined();
  });

  it('mounts the Talos ISO read-only, skipping other disks and other ISOs, and unmounts it', async () => {
    const m = machine('a', { vda: undefined, sr0: 'SOME_OTHER_CD', sr1: 'TALOS_V1_13_9' });
    const assets = await findBootAssets({ ...m, injectedDir: join(dir, 'none') });
    expect(m.calls.filter((c) => c[0] === 'mount')).toEqual([
      ['mount', '-t', 'iso9660', '-o', 'ro', join(m.devDir, 'sr1'), expect.any(String)],
    ]);
    expect(assets.kernel).toMatch(/boot\/vmlinuz$/);
    await assets.release();
    expect(m.calls.at(-1)?.[0]).toBe('umount');
  });

  it('takes copies in the initramfs first, and says what to do when there is nothing', async () => {
    const injected = join(dir, 'injected');
    mkdirSync(injected, { recursive: true });
    writeFileSync(join(injected, 'vmlinuz'), 'k');
    writeFileSync(join(injected, 'initramfs.xz'), 'i');
    const m = machine('b', { sr0: 'TALOS_V1_13_9' });
    expect((await findBootAssets({ ...m, injectedDir: injected })).kernel).toBe(join(injected, 'vmlinuz'));
    expect(m.calls).toEqual([]);
    const none = machine('c', { vda: undefined });
    await expect(findBootAssets({ ...none, injectedDir: join(dir, 'none') })).rejects.toThrow(
      BootAssetsMissingError,
    );
  });
});
