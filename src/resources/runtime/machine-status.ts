// MachineStatuses.runtime.talos.dev: the machine's stage and readiness (id "machine").
import { defineResource, pointerTo } from '../definition';

export const MACHINE_STATUS_ID = 'machine';

/** Stages as Talos names them in YAML, in protobuf enum order. */
export const MACHINE_STAGES = [
  'unknown',
  'booting',
  'installing',
  'maintenance',
  'running',
  'rebooting',
  'shutting down',
  'resetting',
  'upgrading',
] as const;
export type MachineStage = (typeof MACHINE_STAGES)[number];

export interface UnmetCondition {
  name: string;
  reason: string;
}

export interface MachineStatusSpec {
  stage: MachineStage;
  status: { ready: boolean; unmetConditions: UnmetCondition[] };
}

export const MachineStatusDefinition = defineResource<MachineStatusSpec>({
  type: 'MachineStatuses.runtime.talos.dev',
  defaultNamespace: 'runtime',
  printColumns: [
    { name: 'Stage', jsonPath: '{.stage}' },
    { name: 'Ready', jsonPath: '{.status.ready}' },
  ],
  protoSpec: 'talos.resource.definitions.runtime.MachineStatusSpec',
  toProto: (s) => ({
    stage: MACHINE_STAGES.indexOf(s.stage),
    status: { ready: s.status.ready, unmet_conditions: s.status.unmetConditions },
  }),
});

export const MACHINE_STATUS = pointerTo(MachineStatusDefinition, MACHINE_STATUS_ID);
