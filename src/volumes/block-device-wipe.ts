// storage.StorageService BlockDeviceWipe's rules and work, as Talos's storaged has them: every device of
// the request is checked before any is touched (it must be a disk or partition the node lists, not on a
// read-only disk or a CD, not built upon by another device, not holding a volume), then each is wiped:
// FAST zeros its first and last MiB, ZEROES all of it; `drop_partition` then removes the partition's own
// entry from its disk's table (by the number the table gives it). A device in use (mounted) refuses the
// exclusive open and nothing is written to it.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { readDiskTable, writeDiskTable } from '../blockdev/disk-table';
import { diskSizeBytes } from '../blockdev/disk-table';
import { fastWipe } from '../blockdev/wipe';
import type { CommandRunner } from '../install/command';
import type { BlockDeviceSpec } from '../resources/block/block-device';
import type { DiskSpec } from '../resources/block/disk';
import type { VolumeStatusSpec } from '../resources/block/volume-status';

export type WipeFault = 'not-found' | 'invalid' | 'precondition';

export class BlockDeviceWipeError extends Error {
  constructor(
    readonly fault: WipeFault,
    message: string,
  ) {
    super(message);
    this.name = 'BlockDeviceWipeError';
  }
}

export interface WipeRequest {
  readonly device: string;
  readonly method: 'FAST' | 'ZEROES';
  readonly skipVolumeCheck: boolean;
  readonly skipSecondaryCheck: boolean;
  readonly dropPartition: boolean;
}

export interface BlockView {
  readonly devices: ReadonlyMap<string, BlockDeviceSpec>;
  readonly disks: ReadonlyMap<string, DiskSpec>;
  readonly volumes: ReadonlyMap<string, VolumeStatusSpec>;
}

const base = (p: string | undefined) => (p ? p.replace(/^.*\//, '') : '');

/** Throws BlockDeviceWipeError when `req` may not be wiped. */
export function checkWipe(req: WipeRequest, view: BlockView): void {
  const name = req.device;
  const device = view.devices.get(name);
  if (!device) throw new BlockDeviceWipeError('not-found', `blockdevice ${JSON.stringify(name)} not found`);
  if (device.type !== 'disk' && device.type !== 'partition')
    throw new BlockDeviceWipeError(
      'invalid',
      `blockdevice ${JSON.stringify(name)} is of unsupported type ${JSON.stringify(device.type)}`,
    );
  const parent = device.type === 'partition' ? (device.parent ?? '') : '';
  const disk = view.disks.get(parent || name);
  if (!disk)
    throw new BlockDeviceWipeError(
      'precondition',
      `failed to get disk (or parent) for ${JSON.stringify(name)}`,
    );
  if (disk.readonly)
    throw new BlockDeviceWipeError('precondition', `blockdevice ${JSON.stringify(name)} is read-only`);
  if (disk.cdrom)
    throw new BlockDeviceWipeError('precondition', `blockdevice ${JSON.stringify(name)} is a CD-ROM`);
  if (!req.skipSecondaryCheck) {
    if (device.type === 'disk') {
      for (const [id, d] of view.disks)
        if (d.secondary_disks?.includes(name))
          throw new BlockDeviceWipeError(
            'precondition',
            `blockdevice ${JSON.stringify(name)} is in use by disk ${JSON.stringify(id)}`,
          );
    } else {
      for (const [id, d] of view.devices)
        if (d.secondaries?.includes(name))
          throw new BlockDeviceWipeError(
            'precondition',
            `blockdevice ${JSON.stringify(name)} is in use by blockdevice ${JSON.stringify(id)}`,
          );
    }
  }
  if (!req.skipVolumeCheck) {
    for (const [id, v] of view.volumes) {
      for (const location of [base(v.location), base(v.mountLocation)]) {
        for (const dev of [name, parent]) {
          if (dev !== '' && location === dev)
            throw new BlockDeviceWipeError(
              'precondition',
              `blockdevice ${JSON.stringify(dev)} is in use by volume ${JSON.stringify(id)}`,
            );
        }
      }
      if (base(v.parentLocation) === name)
        throw new BlockDeviceWipeError(
          'precondition',
          `blockdevice ${JSON.stringify(name)} is in use by volume ${JSON.stringify(id)}`,
        );
    }
  }
}

/** Opens the device exclusively (refused while mounted or held) to show it is free, then closes it. */
async function assertNotInUse(path: string, name: string): Promise<void> {
  try {
    const fh = await open(path, constants.O_RDWR | constants.O_EXCL);
    await fh.close();
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'EBUSY')
      throw new BlockDeviceWipeError(
        'precondition',
        `block device ${JSON.stringify(name)} is mounted or in use`,
      );
    throw e;
  }
}

async function zeroAll(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    const size = diskSizeBytes(path, fh.fd);
    const chunk = Buffer.alloc(4 << 20);
    for (let off = 0n; off < size; off += BigInt(chunk.length)) {
      const n = Number(size - off < BigInt(chunk.length) ? size - off : BigInt(chunk.length));
      let done = 0;
      while (done < n) done += (await fh.write(chunk, done, n - done, Number(off) + done)).bytesWritten;
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Wipes one device that checkWipe let through. */
export async function wipeBlockDevice(
  req: WipeRequest,
  view: BlockView,
  o: { readonly devDir?: string; readonly run: CommandRunner; readonly signal: AbortSignal },
): Promise<void> {
  const dev = o.devDir ?? '/dev';
  const path = `${dev}/${req.device}`;
  const device = view.devices.get(req.device)!;
  await assertNotInUse(path, req.device);
  if (req.method === 'ZEROES') await zeroAll(path);
  else await fastWipe(path);
  const parent = device.type === 'partition' ? device.parent : undefined;
  if (req.dropPartition && parent && device.partitionNumber) {
    const disk = `${dev}/${parent}`;
    const table = readDiskTable(disk);
    const entry = table?.partitions.find((p) => p.index === device.partitionNumber);
    if (!table || !entry) throw new Error(`partition ${device.partitionNumber} is not in ${disk}'s table`);
    writeDiskTable(disk, { ...table, partitions: table.partitions.filter((p) => p !== entry) });
    await o.run('partx', ['--delete', '--nr', String(entry.index), disk], o.signal);
  }
}
