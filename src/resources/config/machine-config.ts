// MachineConfigs.config.talos.dev: the active machine config (id "v1alpha1") and the one saved for the
// next boot (id "persistent": ahead of the active one after a staged apply, behind it during a try); sensitive.
// The spec holds the parsed, validated config, so controllers read it without parsing again.
import type { MachineConfig } from '../../config';
import { getOptional, type ResourceGetter, type ResourcePointer } from '../../state';
import { defineResource } from '../definition';

export const MACHINE_CONFIG_ID = 'v1alpha1';
export const PERSISTENT_MACHINE_CONFIG_ID = 'persistent';

export interface MachineConfigSpec {
  readonly config: MachineConfig;
  /**
   * The text the config was applied as, comments included (what Talos serves back); a config that
   * differs from the running one only in its text is a new version too.
   */
  readonly source?: string;
}

export const MachineConfigDefinition = defineResource<MachineConfigSpec>({
  type: 'MachineConfigs.config.talos.dev',
  defaultNamespace: 'config',
  sensitive: true,
  protoSpec: 'resource.config.MachineConfigSpec',
  // As Talos's config container loaded from bytes: the text it came from, comments and all.
  toProto: (s) => ({ yaml_marshalled: configText(s) }),
  toYAML: (s) => configText(s).toString(),
});

function configText(s: MachineConfigSpec): Buffer {
  const source = s.source ?? s.config.sourceText();
  return source === undefined ? s.config.bytes() : Buffer.from(source, 'utf8');
}

/** The active machine config's resource. */
export const MACHINE_CONFIG: ResourcePointer = {
  namespace: 'config',
  type: MachineConfigDefinition.type,
  id: MACHINE_CONFIG_ID,
};

/** The active machine config, or undefined while there is none (maintenance). */
export async function machineConfigOf(reader: ResourceGetter): Promise<MachineConfig | undefined> {
  return (await getOptional<MachineConfigSpec>(reader, MACHINE_CONFIG))?.spec.config;
}
