// The machine's stage follows the sequences as they start, as Talos folds its sequence events into
// MachineStatus: a reboot makes it `rebooting`, a reset `resetting`, a boot `booting`, …
import type { MachineStages } from '../../events/machine-stages';
import type { MachineStage } from '../../resources/runtime/machine-status';
import type { SequenceName } from '../../sequencer/sequence';
import type { Sequencer } from '../../sequencer/sequencer';

const SEQUENCE_STAGES: Partial<Record<SequenceName, MachineStage>> = {
  boot: 'booting',
  initialize: 'booting',
  reboot: 'rebooting',
  reset: 'resetting',
  shutdown: 'shutting down',
  upgrade: 'upgrading',
  stageUpgrade: 'upgrading',
  maintenanceUpgrade: 'upgrading',
};

export function stagesFollowSequences(sequencer: Sequencer, stages: MachineStages): () => void {
  return sequencer.onStart((name) => {
    const stage = SEQUENCE_STAGES[name];
    if (stage) stages.set(stage);
  });
}
