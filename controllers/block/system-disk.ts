// block.SystemDiskController: SystemDisks (`system-disk`), the disk META was found on.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { getOptional } from '../../src/state';
import {
  SystemDiskDefinition,
  SYSTEM_DISK_ID,
  type SystemDiskSpec,
} from '../../src/resources/block/system-disk';
import { VolumeStatusDefinition, type VolumeStatusSpec } from '../../src/resources/block/volume-status';

const NS = SystemDiskDefinition.defaultNamespace;
const META = { namespace: NS, type: VolumeStatusDefinition.type, id: 'META' };

export class SystemDiskController implements Controller {
  readonly name = 'block.SystemDiskController';

  inputs() {
    return [{ ...META, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: SystemDiskDefinition.type, namespace: NS, kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      ctx.startTrackingOutputs();
      const meta = await getOptional<VolumeStatusSpec>(ctx, META);
      const disk = meta?.spec.parentLocation;
      if (disk && meta.spec.phase !== 'missing' && meta.spec.phase !== 'waiting') {
        await ctx.modify<SystemDiskSpec>(
          { namespace: NS, type: SystemDiskDefinition.type, id: SYSTEM_DISK_ID },
          () => ({ diskID: disk.replace(/^.*\//, ''), devPath: disk }),
        );
      }
      await ctx.cleanupOutputs();
    }
  }
}
