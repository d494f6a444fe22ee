// The kernel's block devices as sysfs lists them (/sys/class/block): disks and partitions with their
// numbers, sizes, queue limits and the identity the device reports (model, serial, WWID, transport).
// Only reads: on the container platform these are the host's disks, looked at and never touched.
import { readdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface SysBlockDevice {
  readonly name: string;
  readonly major: number;
  readonly minor: number;
  readonly type: 'disk' | 'partition';
  /** The partition's number (from 1), for partitions. */
  readonly partitionNumber?: number;
  /** The partition's name from the kernel's uevent (the GPT label). */
  readonly partitionName?: string;
  /** The disk a partition belongs to. */
  readonly parent?: string;
  /** `/sys/devices/...`. */
  readonly devicePath: string;
  readonly size: number;
  readonly ioSize: number;
  readonly sectorSize: number;
  readonly readonly: boolean;
  readonly rotational: boolean;
  readonly cdrom: boolean;
  /** Devices this one is built on (dm-crypt over a partition). */
  readonly secondaries: string[];
  readonly model?: string;
  readonly serial?: string;
  readonly modalias?: string;
  readonly wwid?: string;
  readonly uuid?: string;
  readonly busPath?: string;
  readonly subSystem?: string;
  readonly transport?: string;
}

const readText = async (path: string): Promise<string | undefined> => {
  try {
    const v = (await readFile(path, 'utf8')).trim();
    return v === '' ? undefined : v;
  } catch {
    return undefined;
  }
};

const readNumber = async (path: string): Promise<number> => Number((await readText(path)) ?? 0) || 0;

function uevent(text: string | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of (text ?? '').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) m.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return m;
}

/** As go-blockdevice names the transport: from the device name, else the SCSI host's driver. */
async function transportOf(name: string, dir: string): Promise<string | undefined> {
  if (name.startsWith('nvme')) return 'nvme';
  if (name.startsWith('vd')) return 'virtio';
  if (name.startsWith('xvd')) return 'xenblk';
  if (name.startsWith('mmcblk')) return 'mmc';
  const device = await readlink(join(dir, 'device')).catch(() => undefined);
  const host = device && /^(\d+):/.exec(basename(device))?.[1];
  if (!host) return undefined;
  if (device.includes('/usb')) return 'usb';
  const proc = await readText(`/sys/class/scsi_host/host${host}/proc_name`);
  if (proc === undefined) return undefined;
  if (proc === 'ahci' || proc === 'sata') return 'sata';
  if (proc.includes('ata')) return 'ata';
  if (proc === 'virtio_scsi') return 'virtio';
  return proc;
}

async function describe(sys: string, name: string): Promise<SysBlockDevice | undefined> {
  const dir = join(sys, name);
  const dev = await readText(join(dir, 'dev'));
  if (!dev) return undefined;
  const [major, minor] = dev.split(':').map(Number);
  const isPartition = (await readText(join(dir, 'partition'))) !== undefined;
  const devicePath = await realpath(dir).catch(() => dir);
  const ev = uevent(await readText(join(dir, 'uevent')));
  const disk = isPartition ? basename(dirname(devicePath)) : undefined;
  const diskDir = disk ? join(sys, disk) : dir;
  const secondaries = await readdir(join(dir, 'slaves')).catch(() => [] as string[]);
  const devicesRel = devicePath.replace(/^.*\/devices/, '');
  const sub = await realpath(join(dir, 'subsystem')).catch(() => undefined);
  return {
    name,
    major: major ?? 0,
    minor: minor ?? 0,
    type: isPartition ? 'partition' : 'disk',
    partitionNumber: isPartition ? await readNumber(join(dir, 'partition')) : undefined,
    partitionName: ev.get('PARTNAME'),
    parent: disk,
    devicePath,
    size: (await readNumber(join(dir, 'size'))) * 512,
    ioSize: await readNumber(join(diskDir, 'queue', 'minimum_io_size')),
    sectorSize: await readNumber(join(diskDir, 'queue', 'logical_block_size')),
    readonly: (await readText(join(dir, 'ro'))) === '1',
    rotational: (await readText(join(diskDir, 'queue', 'rotational'))) === '1',
    cdrom: /^sr\d/.test(name) || (await readText(join(dir, 'device', 'type'))) === '5',
    secondaries,
    model: await readText(join(dir, 'device', 'model')),
    serial: (await readText(join(dir, 'serial'))) ?? (await readText(join(dir, 'device', 'serial'))),
    modalias: await readText(join(dir, 'device', 'modalias')),
    wwid: (await readText(join(dir, 'wwid'))) ?? (await readText(join(dir, 'device', 'wwid'))),
    uuid: (await readText(join(dir, 'uuid'))) ?? (await readText(join(dir, 'device', 'uuid'))),
    busPath: isPartition ? undefined : dirname(dirname(devicesRel)),
    subSystem: sub && sub.startsWith('/sys/') ? sub : undefined,
    transport: isPartition ? undefined : await transportOf(name, dir),
  };
}

/** Every block device under `sys` (default /sys/class/block), sorted by name. */
export async function listSysBlockDevices(sys = '/sys/class/block'): Promise<SysBlockDevice[]> {
  const names = await readdir(sys).catch(() => [] as string[]);
  const out: SysBlockDevice[] = [];
  for (const name of names.sort()) {
    if (!(await stat(join(sys, name)).catch(() => undefined))) continue;
    const d = await describe(sys, name).catch(() => undefined);
    if (d) out.push(d);
  }
  return out;
}
