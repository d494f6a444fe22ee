// block.DiscoveryController: DiscoveredVolumes, what is on every disk and partition: a GPT on a disk, a
// file system or LUKS2 header on a partition (or a whole disk), with the partition's GPT entry. Devices
// are only read (on the container platform they are the host's).
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { readDiskTable } from '../../src/blockdev/disk-table';
import type { GptTable } from '../../src/blockdev/gpt';
import { probeDevice } from '../../src/blockdev/probe';
import { BlockDeviceDefinition, type BlockDeviceSpec } from '../../src/resources/block/block-device';
import {
  DiscoveredVolumeDefinition,
  type DiscoveredVolumeSpec,
} from '../../src/resources/block/discovered-volume';
import { prettySize } from '../../src/resources/block/enums';
import { VolumeStatusDefinition } from '../../src/resources/block/volume-status';
import { listSysBlockDevices } from '../../src/blockdev/sysfs-block';

const NS = DiscoveredVolumeDefinition.defaultNamespace;

export interface DiscoveryControllerOptions {
  readonly sysClassBlock?: string;
  readonly devDir?: string;
}

const table = (path: string): GptTable | undefined => {
  try {
    return readDiskTable(path);
  } catch {
    return undefined; // damaged: nothing discovered from it
  }
};

export class DiscoveryController implements Controller {
  readonly name = 'block.DiscoveryController';

  constructor(private readonly opts: DiscoveryControllerOptions = {}) {}

  inputs() {
    return [
      { namespace: NS, type: BlockDeviceDefinition.type, kind: 'weak' as const },
      { namespace: NS, type: VolumeStatusDefinition.type, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [{ type: DiscoveredVolumeDefinition.type, namespace: NS, kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const dev = this.opts.devDir ?? '/dev';
    while (await ctx.nextEvent(signal)) {
      ctx.startTrackingOutputs();
      const devices = await ctx.list<BlockDeviceSpec>({ namespace: NS, type: BlockDeviceDefinition.type });
      const sys = new Map((await listSysBlockDevices(this.opts.sysClassBlock)).map((d) => [d.name, d]));
      const tables = new Map<string, GptTable | undefined>();
      for (const r of devices) {
        const name = r.metadata.id;
        const s = sys.get(name);
        if (!s || s.size === 0) continue;
        const path = `${dev}/${name}`;
        const parentPath = r.spec.parent ? `${dev}/${r.spec.parent}` : undefined;
        let probed = await probeDevice(path);
        let entry;
        if (r.spec.type === 'disk') {
          const t = table(path);
          tables.set(name, t);
          if (t && probed.name === '') probed = { name: 'gpt', uuid: t.diskGuid.toLowerCase() };
        } else if (r.spec.parent && r.spec.partitionNumber) {
          if (!tables.has(r.spec.parent)) tables.set(r.spec.parent, table(`${dev}/${r.spec.parent}`));
          entry = tables.get(r.spec.parent)?.partitions.find((p) => p.index === r.spec.partitionNumber);
        }
        const spec: DiscoveredVolumeSpec = {
          dev_path: path,
          type: r.spec.type,
          device_path: r.spec.devicePath,
          ...(r.spec.parent ? { parent: r.spec.parent, parent_dev_path: parentPath } : {}),
          offset: entry ? Number(entry.firstLba) * 512 : 0,
          size: s.size,
          pretty_size: prettySize(s.size),
          sector_size: s.sectorSize,
          io_size: s.ioSize,
          name: probed.name,
          ...(probed.uuid ? { uuid: probed.uuid } : {}),
          ...(probed.label ? { label: probed.label } : {}),
          ...(probed.blockSize ? { block_size: probed.blockSize } : {}),
          ...(probed.filesystemBlockSize ? { filesystem_block_size: probed.filesystemBlockSize } : {}),
          ...(probed.probedSize ? { probed_size: probed.probedSize } : {}),
          ...(entry
            ? {
                partition_uuid: entry.uniqueGuid.toLowerCase(),
                partition_type: entry.typeGuid.toLowerCase(),
                partition_label: entry.name,
                partition_index: entry.index,
              }
            : {}),
        };
        await ctx.modify<DiscoveredVolumeSpec>(
          { namespace: NS, type: DiscoveredVolumeDefinition.type, id: name },
          () => spec,
        );
      }
      await ctx.cleanupOutputs();
    }
  }
}
