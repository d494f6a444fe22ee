// BlockDeviceWipe's checks, as Talos's storaged makes them, before anything is written: the device must
// be one the node lists, a disk or a partition, not on a read-only disk or a CD, not under another
// device, not holding a volume (each check can be skipped where Talos lets it); and a wipe of a
// partition with drop_partition removes that partition's own entry, found by the number the table
// gives it, on a disk image.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDiskTable, writeDiskTable } from '../../../src/blockdev/disk-table';
import { layoutTable } from '../../../src/install/partition-layout';
import type { BlockDeviceSpec } from '../../../src/resources/block/block-device';
import type { DiskSpec } from '../../../src/resources/block/disk';
import type { VolumeStatusSpec } from '../../../src/resources/block/volume-status';
import {
  BlockDeviceWipeError,
  checkWipe,
  wipeBlockDevice,
  type WipeRequest,
} from '../../../src/volumes/block-device-wipe';

const dev = (type: string, extra: Partial<BlockDeviceSpec> = {}): BlockDeviceSpec => ({
  type,
  major: 254,
  minor: 0,
  devicePath: '/sys/devices/x',
  generation: 1,
  ...extra,
});
const disk = (extra: Partial<DiskSpec> = {}): DiskSpec => ({
  dev_path: '/dev/vda',
  size: 1,
  pretty_size: '1 B',
  io_size: 512,
  sector_size: 512,
  readonly: false,
  cdrom: false,
  ...extra,
});
const view = {
  devices: new Map<string, BlockDeviceSpec>([
    ['vda', dev('disk')],
    ['vda5', dev('partition', { parent: 'vda', partitionNumber: 5 })],
    ['vda6', dev('partition', { parent: 'vda', partitionNumber: 6 })],
    ['vdb', dev('disk')],
    ['vdb1', dev('partition', { parent: 'vdb', partitionNumber: 1 })],
    ['sr0', dev('disk')],
    ['vdc', dev('disk')],
    ['dm-0', dev('disk', { secondaries: ['vdb1'] })],
  ]),
  disks: new Map<string, DiskSpec>([
    ['vda', disk()],
    ['vdb', disk()],
    ['sr0', disk({ cdrom: true })],
    ['vdc', disk({ readonly: true })],
  ]),
  volumes: new Map<string, Partial<VolumeStatusSpec>>([
    [
      'EPHEMERAL',
      { phase: 'ready', location: '/dev/vda6', parentLocation: '/dev/vda', mountLocation: '/dev/dm-1' },
    ],
  ]) as Map<string, VolumeStatusSpec>,
};
const req = (device: string, extra: Partial<WipeRequest> = {}): WipeRequest => ({
  device,
  method: 'FAST',
  skipVolumeCheck: false,
  skipSecondaryCheck: false,
  dropPartition: false,
  ...extra,
});
const fault = (r: WipeRequest) => {
  try {
    checkWipe(r, view);
    return 'ok';
  } catch (e: unknown) {
    if (!(e instanceof BlockDeviceWipeError)) throw e;
    return `${e.fault}: ${e.message}`;
  }
};

describe('BlockDeviceWipe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wipe-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('checks every device as Talos does', () => {
    expect(fault(req('nope'))).toBe('not-found: blockdevice "nope" not found');
    expect(fault(req('sr0'))).toBe('precondition: blockdevice "sr0" is a CD-ROM');
    expect(fault(req('vdc'))).toBe('precondition: blockdevice "vdc" is read-only');
    expect(fault(req('vda'))).toBe('precondition: blockdevice "vda" is in use by volume "EPHEMERAL"');
    // Another partition of that disk is free; the volume's own is not.
    expect(fault(req('vda5'))).toBe('ok');
    expect(fault(req('vda6'))).toBe('precondition: blockdevice "vda6" is in use by volume "EPHEMERAL"');
    expect(fault(req('vda6', { skipVolumeCheck: true }))).toBe('ok');
    expect(fault(req('vdb1'))).toBe('precondition: blockdevice "vdb1" is in use by blockdevice "dm-0"');
    expect(fault(req('vdb1', { skipSecondaryCheck: true }))).toBe('ok');
    expect(fault(req('vdb'))).toBe('ok');
  });

  it('drops the partition whose number was asked for, not the one at that position', async () => {
    writeFileSync(join(dir, 'vdb'), '');
    truncateSync(join(dir, 'vdb'), 6 * 1024 ** 3);
    const t = layoutTable(6n * 1024n ** 3n);
    // Entries 1, 2 and 4 (a gap at 3): the partition numbered 4 is the third in the list.
    writeDiskTable(join(dir, 'vdb'), {
      ...t,
      partitions: [t.partitions[0]!, t.partitions[1]!, { ...t.partitions[2]!, index: 4, name: 'FOUR' }],
    });
    writeFileSync(join(dir, 'vdb4'), Buffer.alloc(4 << 20, 0xaa));
    const v = {
      ...view,
      devices: new Map([...view.devices, ['vdb4', dev('partition', { parent: 'vdb', partitionNumber: 4 })]]),
    };
    const ran: string[][] = [];
    await wipeBlockDevice(req('vdb4', { dropPartition: true }), v, {
      devDir: dir,
      run: (cmd, args) => {
        ran.push([cmd, ...args]);
        return Promise.resolve('');
      },
      signal: AbortSignal.timeout(10_000),
    });
    expect(readDiskTable(join(dir, 'vdb'))!.partitions.map((p) => [p.index, p.name])).toEqual([
      [1, 'EFI'],
      [2, 'BIOS'],
    ]);
    expect(ran).toEqual([['partx', '--delete', '--nr', '4', join(dir, 'vdb')]]);
  });
});
