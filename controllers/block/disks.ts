// block.DisksController: Disks, one per whole disk with a size (loop devices without a file, empty CD
// drives and device-mapper devices are left out, as Talos leaves them), with what sysfs knows of it:
// size, queue limits, read-only, model, serial, WWID, bus path, transport, rotational.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { listSysBlockDevices } from '../../src/blockdev/sysfs-block';
import { BlockDeviceDefinition } from '../../src/resources/block/block-device';
import { DiskDefinition, type DiskSpec } from '../../src/resources/block/disk';
import { prettySize } from '../../src/resources/block/enums';

const NS = DiskDefinition.defaultNamespace;

export interface DisksControllerOptions {
  readonly sysClassBlock?: string;
  /** Default /dev. */
  readonly devDir?: string;
}

export class DisksController implements Controller {
  readonly name = 'block.DisksController';

  constructor(private readonly opts: DisksControllerOptions = {}) {}

  inputs() {
    return [{ namespace: NS, type: BlockDeviceDefinition.type, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: DiskDefinition.type, namespace: NS, kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const dev = this.opts.devDir ?? '/dev';
    while (await ctx.nextEvent(signal)) {
      ctx.startTrackingOutputs();
      const all = await listSysBlockDevices(this.opts.sysClassBlock);
      for (const d of all) {
        if (d.type !== 'disk' || d.size === 0 || d.name.startsWith('dm-')) continue;
        const secondaryDisks = d.secondaries.map((s) => all.find((x) => x.name === s)?.parent ?? s);
        const spec: DiskSpec = {
          dev_path: `${dev}/${d.name}`,
          size: d.size,
          pretty_size: prettySize(d.size),
          io_size: d.ioSize,
          sector_size: d.sectorSize,
          readonly: d.readonly,
          cdrom: d.cdrom,
          ...(d.model ? { model: d.model } : {}),
          ...(d.serial ? { serial: d.serial } : {}),
          ...(d.modalias ? { modalias: d.modalias } : {}),
          ...(d.wwid ? { wwid: d.wwid } : {}),
          ...(d.uuid ? { uuid: d.uuid } : {}),
          ...(d.busPath ? { bus_path: d.busPath } : {}),
          ...(d.subSystem ? { sub_system: d.subSystem } : {}),
          ...(d.transport ? { transport: d.transport } : {}),
          ...(d.rotational ? { rotational: true } : {}),
          ...(secondaryDisks.length ? { secondary_disks: secondaryDisks } : {}),
        };
        await ctx.modify<DiskSpec>({ namespace: NS, type: DiskDefinition.type, id: d.name }, () => spec);
      }
      await ctx.cleanupOutputs();
    }
  }
}
