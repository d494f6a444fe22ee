// Versions.runtime.talos.dev: the running OS version (id "version").
import { defineResource, pointerTo } from '../definition';

export const VERSION_ID = 'version';

export interface VersionSpec {
  version: string;
  name: string;
}

export const VersionDefinition = defineResource<VersionSpec>({
  type: 'Versions.runtime.talos.dev',
  defaultNamespace: 'runtime',
  printColumns: [
    { name: 'Name', jsonPath: '{.name}' },
    { name: 'Version', jsonPath: '{.version}' },
  ],
  protoSpec: 'talos.resource.definitions.runtime.VersionSpec',
});

export const VERSION_RESOURCE = pointerTo(VersionDefinition, VERSION_ID);
