// The volume manager's state as resources: VolumeConfigs, VolumeStatuses and MountStatuses, written in
// the order the manager reports them, under the owners Talos's controllers have (block.VolumeConfig-,
// block.VolumeManager- and block.MountController), so `talosctl get volumestatus` reads as on Talos.
import type { Logger } from '../../log';
import { MountStatusDefinition } from '../../resources/block/mount-status';
import { VolumeConfigDefinition } from '../../resources/block/volume-config';
import { VolumeStatusDefinition } from '../../resources/block/volume-status';
import type { ResourceDefinition } from '../../resources/definition';
import { isNotFoundError, type State } from '../../state';
import { errorMessage } from '../../error-message';
import type { VolumeEvent } from '../../volumes/volume-manager';

const TARGETS: Record<VolumeEvent['kind'], [ResourceDefinition<unknown>, string]> = {
  config: [VolumeConfigDefinition as ResourceDefinition<unknown>, 'block.VolumeConfigController'],
  status: [VolumeStatusDefinition as ResourceDefinition<unknown>, 'block.VolumeManagerController'],
  mount: [MountStatusDefinition as ResourceDefinition<unknown>, 'block.MountController'],
};

/** A listener for VolumeManager.subscribe that mirrors its events into `state`, one write at a time. */
export function volumeResourceWriter(state: State, logger: Logger): (e: VolumeEvent) => void {
  let chain: Promise<void> = Promise.resolve();
  return (e) => {
    const [def, owner] = TARGETS[e.kind];
    const pointer = { namespace: def.defaultNamespace, type: def.type, id: e.id };
    chain = chain
      .then(async () => {
        if (e.spec !== undefined) {
          const spec = structuredClone(e.spec);
          await state.modify(pointer, () => spec, { owner });
          return;
        }
        await state.destroy(pointer, { owner }).catch((err: unknown) => {
          if (!isNotFoundError(err)) throw err;
        });
      })
      .catch((err: unknown) =>
        logger.warn({ id: e.id, error: errorMessage(err) }, 'publishing a volume failed'),
      );
  };
}
