// TimeStatuses.v1alpha1.talos.dev: whether the clock is in sync (id "node"). `synced` is what etcd and
// certificate steps wait for; `epoch` counts the clock jumps beyond the epoch limit; `syncDisabled` when
// the node does not sync its clock (the container platform, or sync turned off in the config).
import { defineResource, pointerTo } from '../definition';

export const TIME_STATUS_ID = 'node';

export interface TimeStatusSpec {
  synced: boolean;
  epoch: number;
  syncDisabled: boolean;
}

export const TimeStatusDefinition = defineResource<TimeStatusSpec>({
  type: 'TimeStatuses.v1alpha1.talos.dev',
  defaultNamespace: 'runtime',
  printColumns: [{ name: 'Synced', jsonPath: '{.synced}' }],
  protoSpec: 'talos.resource.definitions.time.StatusSpec',
  toProto: (s) => ({ synced: s.synced, epoch: s.epoch, sync_disabled: s.syncDisabled }),
});

export const TIME_STATUS = pointerTo(TimeStatusDefinition, TIME_STATUS_ID);
