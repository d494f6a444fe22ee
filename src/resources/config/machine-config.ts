// MachineConfigs.config.talos.dev: the active machine config (id "v1alpha1"); sensitive.
import { defineResource } from '../definition';

export const MACHINE_CONFIG_ID = 'v1alpha1';

/** The config as its canonical YAML bytes. */
export interface MachineConfigSpec {
  yaml: string;
}

export const MachineConfigDefinition = defineResource<MachineConfigSpec>({
  type: 'MachineConfigs.config.talos.dev',
  defaultNamespace: 'config',
  sensitive: true,
  protoSpec: 'resource.config.MachineConfigSpec',
  toProto: (s) => ({ yaml_marshalled: Buffer.from(s.yaml) }),
  toYAML: (s) => s.yaml,
});
