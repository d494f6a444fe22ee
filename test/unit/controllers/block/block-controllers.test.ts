// The block controllers over a sysfs tree and device files made by the test (a disk `vda` with a GPT,
// two partitions of which the second — number 3, after a gap — holds an XFS, and a CD drive without
// media): BlockDevices with numbers as the table gives them, Disks with sysfs's facts and Talos's
// sizes, DiscoveredVolumes with the GPT entry and what the probe finds, SystemDisks from META's volume.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BlockDevicesController } from '../../../../controllers/block/block-devices';
import { DiscoveryController } from '../../../../controllers/block/discovered-volumes';
import { DisksController } from '../../../../controllers/block/disks';
import { SystemDiskController } from '../../../../controllers/block/system-disk';
import { writeDiskTable } from '../../../../src/blockdev/disk-table';
import { layoutTable } from '../../../../src/install/partition-layout';
import { BlockDeviceDefinition, type BlockDeviceSpec } from '../../../../src/resources/block/block-device';
import {
  DiscoveredVolumeDefinition,
  type DiscoveredVolumeSpec,
} from '../../../../src/resources/block/discovered-volume';
import { DiskDefinition, type DiskSpec } from '../../../../src/resources/block/disk';
import { SystemDiskDefinition, type SystemDiskSpec } from '../../../../src/resources/block/system-disk';
import { VolumeStatusDefinition } from '../../../../src/resources/block/volume-status';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

const GiB = 1024 ** 3;

describe('block controllers', () => {
  let root: string;
  let sys: string;
  let dev: string;
  let h: Harness | undefined;

  const file = (path: string, content: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'block-ctrl-'));
    sys = join(root, 'sys/class/block');
    dev = join(root, 'dev');
    mkdirSync(sys, { recursive: true });
    mkdirSync(dev, { recursive: true });
    const vda = join(root, 'sys/devices/pci0000:00/0000:00:04.0/virtio2/block/vda');
    const dir = (name: string, target: string, attrs: Record<string, string>) => {
      for (const [k, v] of Object.entries(attrs)) file(join(target, k), `${v}\n`);
      symlinkSync(target, join(sys, name));
    };
    dir('vda', vda, {
      dev: '254:0',
      size: String((6 * GiB) / 512),
      ro: '0',
      'queue/rotational': '0',
      'queue/minimum_io_size': '512',
      'queue/logical_block_size': '512',
      'device/modalias': 'virtio:d00000002v00001AF4',
      serial: 'QM00001',
    });
    dir('vda1', join(vda, 'vda1'), { dev: '254:1', size: '204800', partition: '1', uevent: 'PARTNAME=EFI' });
    dir('vda3', join(vda, 'vda3'), { dev: '254:3', size: '4096', partition: '3', uevent: 'PARTNAME=DATA' });
    dir('sr0', join(root, 'sys/devices/ata1/block/sr0'), { dev: '11:0', size: '0', ro: '1' });
    // The devices themselves: a sparse disk image with a GPT (EFI at 1, DATA at 3), partitions as files.
    writeFileSync(join(dev, 'vda'), '');
    truncateSync(join(dev, 'vda'), 6 * GiB);
    const t = layoutTable(BigInt(6 * GiB));
    writeDiskTable(join(dev, 'vda'), {
      ...t,
      partitions: [t.partitions[0]!, { ...t.partitions[2]!, index: 3, name: 'DATA' }],
    });
    for (const [p, size] of [
      ['vda1', 100 * 1024 * 1024],
      ['vda3', 2 * GiB],
    ] as const) {
      writeFileSync(join(dev, p), '');
      truncateSync(join(dev, p), size);
    }
    execFileSync('mkfs.xfs', ['-q', '-f', '-L', 'DATA', join(dev, 'vda3')], {
      env: { ...process.env, TEST_DIR: '/tmp', TEST_DEV: 'talos', QA_CHECK_FS: '1' },
    });
  });
  afterEach(async () => h?.shutdown());
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const list = async <S>(type: string) =>
    new Map((await h!.state.list<S>({ namespace: 'runtime', type })).map((r) => [r.metadata.id, r.spec]));

  it('lists block devices, disks and what is on them', async () => {
    h = harness();
    const opts = { sysClassBlock: sys, devDir: dev };
    h.runtime.register(new BlockDevicesController(opts));
    h.runtime.register(new DisksController(opts));
    h.runtime.register(new DiscoveryController(opts));
    h.start();
    const devices = await waitFor(async () => {
      const m = await list<BlockDeviceSpec>(BlockDeviceDefinition.type);
      return m.size === 4 ? m : undefined;
    }, 'block devices');
    expect(devices.get('vda3')).toMatchObject({
      type: 'partition',
      major: 254,
      minor: 3,
      partitionNumber: 3,
      partitionName: 'DATA',
      parent: 'vda',
      generation: 1,
    });
    expect(devices.get('vda')!.devicePath).toMatch(
      /\/sys\/devices\/pci0000:00\/0000:00:04.0\/virtio2\/block\/vda$/,
    );
    const disks = await waitFor(async () => {
      const m = await list<DiskSpec>(DiskDefinition.type);
      return m.size > 0 ? m : undefined;
    }, 'disks');
    // sr0 has no medium (size 0): not a disk, as on Talos.
    expect([...disks.keys()]).toEqual(['vda']);
    expect(disks.get('vda')).toMatchObject({
      dev_path: `${dev}/vda`,
      size: 6 * GiB,
      pretty_size: '6.4 GB',
      io_size: 512,
      sector_size: 512,
      readonly: false,
      cdrom: false,
      serial: 'QM00001',
      modalias: 'virtio:d00000002v00001AF4',
      transport: 'virtio',
    });
    const found = await waitFor(async () => {
      const m = await list<DiscoveredVolumeSpec>(DiscoveredVolumeDefinition.type);
      return m.size === 3 ? m : undefined;
    }, 'discovered volumes');
    expect(found.get('vda')).toMatchObject({ type: 'disk', name: 'gpt', size: 6 * GiB });
    expect(found.get('vda3')).toMatchObject({
      type: 'partition',
      name: 'xfs',
      label: 'DATA',
      partition_label: 'DATA',
      partition_index: 3,
      parent: 'vda',
      filesystem_block_size: 4096,
    });
    expect(found.get('vda1')).toMatchObject({ name: '', partition_label: 'EFI', partition_index: 1 });
  });

  it('names the system disk after the disk META was found on', async () => {
    h = harness();
    h.runtime.register(new SystemDiskController());
    h.start();
    await h.state.modify({ namespace: 'runtime', type: VolumeStatusDefinition.type, id: 'META' }, () => ({
      phase: 'ready',
      type: 'partition',
      location: '/dev/vda4',
      parentLocation: '/dev/vda',
    }));
    const sd = await waitFor(async () =>
      (await list<SystemDiskSpec>(SystemDiskDefinition.type)).get('system-disk'),
    );
    expect(sd).toEqual({ diskID: 'vda', devPath: '/dev/vda' });
  });
});
