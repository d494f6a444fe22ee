// block.DevicesController: BlockDevices, one per block device the kernel lists (sysfs), with a generation
// bumped whenever a device's size or partition changes. The kernel has no udev here to tell us: sysfs
// is read again every 30 s and whenever a volume changes (a new partition, a LUKS2 mapping).
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { WakeTimer } from '../../src/controller-runtime/wake-timer';
import { listSysBlockDevices } from '../../src/blockdev/sysfs-block';
import { BlockDeviceDefinition, type BlockDeviceSpec } from '../../src/resources/block/block-device';
import { VolumeStatusDefinition } from '../../src/resources/block/volume-status';

const NS = BlockDeviceDefinition.defaultNamespace;
export const RESCAN_MS = 30_000;

export interface BlockDevicesControllerOptions {
  /** Default /sys/class/block. */
  readonly sysClassBlock?: string;
}

export class BlockDevicesController implements Controller {
  readonly name = 'block.DevicesController';

  constructor(private readonly opts: BlockDevicesControllerOptions = {}) {}

  inputs() {
    return [{ namespace: NS, type: VolumeStatusDefinition.type, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: BlockDeviceDefinition.type, namespace: NS, kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const timer = new WakeTimer(ctx);
    try {
      while (await ctx.nextEvent(signal)) {
        ctx.startTrackingOutputs();
        for (const d of await listSysBlockDevices(this.opts.sysClassBlock)) {
          const pointer = { namespace: NS, type: BlockDeviceDefinition.type, id: d.name };
          await ctx.modify<BlockDeviceSpec>(pointer, (cur) => {
            const next: BlockDeviceSpec = {
              type: d.type,
              major: d.major,
              minor: d.minor,
              ...(d.partitionName ? { partitionName: d.partitionName } : {}),
              ...(d.partitionNumber ? { partitionNumber: d.partitionNumber } : {}),
              devicePath: d.devicePath,
              generation: cur?.generation ?? 1,
              ...(d.parent ? { parent: d.parent } : {}),
              ...(d.secondaries.length ? { secondaries: d.secondaries } : {}),
            };
            const changed =
              cur !== undefined &&
              JSON.stringify({ ...cur, generation: 0 }) !== JSON.stringify({ ...next, generation: 0 });
            return changed ? { ...next, generation: cur.generation + 1 } : next;
          });
        }
        await ctx.cleanupOutputs();
        timer.at(Date.now() + RESCAN_MS);
      }
    } finally {
      timer.clear();
    }
  }
}
