// File system labels read from the device's first blocks, checked on file systems the real mkfs tools
// made (dosfstools, e2fsprogs, xfsprogs), and on an ISO 9660 primary volume descriptor.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fsLabel } from '../../../src/blockdev/fs-label';
import { formatXfs, runCommand } from '../../../src/install/command';
import { requireTool } from '../../harness/tools';

const dir = mkdtempSync(join(tmpdir(), 'fs-label-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An empty (sparse) image of `mib` MiB. */
function image(name: string, mib: number): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  closeSync(fd);
  execFileSync('truncate', ['-s', `${mib}M`, path]);
  return path;
}

describe('fsLabel', () => {
  it('reads an ISO 9660 volume id', async () => {
    const b = Buffer.alloc(0x8000 + 2048);
    b.write('\x01CD001\x01', 0x8000, 'latin1');
    b.write('metal-iso'.padEnd(32, ' '), 0x8028, 'latin1');
    writeFileSync(join(dir, 'iso'), b);
    expect(await fsLabel(join(dir, 'iso'))).toEqual({ type: 'iso9660', label: 'metal-iso' });
  });

  it('reads FAT12/16 and FAT32 labels, and none on an unlabelled FAT', async () => {
    requireTool('mkfs.vfat');
    const small = image('fat16', 16);
    execFileSync('mkfs.vfat', ['-n', 'METAL-ISO', small], { stdio: 'ignore' });
    expect(await fsLabel(small)).toEqual({ type: 'vfat', label: 'METAL-ISO' });
    const big = image('fat32', 64);
    execFileSync('mkfs.vfat', ['-F', '32', '-n', 'CONFIG', big], { stdio: 'ignore' });
    expect(await fsLabel(big)).toEqual({ type: 'vfat', label: 'CONFIG' });
    const bare = image('fat-bare', 4);
    execFileSync('mkfs.vfat', [bare], { stdio: 'ignore' });
    expect(await fsLabel(bare)).toEqual({ type: 'vfat', label: '' });
  });

  it('reads an ext4 label', async () => {
    requireTool('mkfs.ext4');
    const ext = image('ext4', 16);
    execFileSync('mkfs.ext4', ['-q', '-L', 'metal-iso', ext]);
    expect(await fsLabel(ext)).toEqual({ type: 'ext4', label: 'metal-iso' });
  });

  it('reads an XFS label', async () => {
    requireTool('mkfs.xfs');
    const xfs = image('xfs', 100);
    await formatXfs('STATE', xfs, runCommand, AbortSignal.timeout(60_000));
    expect(await fsLabel(xfs)).toEqual({ type: 'xfs', label: 'STATE' });
  });

  it('knows nothing of zeros, short files and missing devices', async () => {
    expect(await fsLabel(image('zeros', 1))).toBeUndefined();
    writeFileSync(join(dir, 'short'), 'CD001');
    expect(await fsLabel(join(dir, 'short'))).toBeUndefined();
    expect(await fsLabel(join(dir, 'missing'))).toBeUndefined();
  });
});
