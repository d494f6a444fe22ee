// SBOMItems.talos.dev: one component of the running software (id: its name).
import { defineResource } from '../definition';

export interface SBOMItemSpec {
  name: string;
  version: string;
  license?: string;
  cpes?: string[];
  purls?: string[];
  extension?: boolean;
}

export const SBOMItemDefinition = defineResource<SBOMItemSpec>({
  type: 'SBOMItems.talos.dev',
  defaultNamespace: 'runtime',
  aliases: ['sbom', 'sboms'],
  printColumns: [
    { name: 'Version', jsonPath: '{.version}' },
    { name: 'License', jsonPath: '{.license}' },
    { name: 'Extension', jsonPath: '{.extension}' },
  ],
  protoSpec: 'talos.resource.definitions.runtime.SBOMItemSpec',
  toProto: (s) => ({
    name: s.name,
    version: s.version,
    license: s.license,
    cp_es: s.cpes,
    pur_ls: s.purls,
    extension: s.extension,
  }),
  toYAML: (s) =>
    Object.fromEntries(
      Object.entries(s).filter(
        ([k, v]) =>
          k === 'name' ||
          k === 'version' ||
          (v !== undefined && v !== '' && v !== false && !(Array.isArray(v) && v.length === 0)),
      ),
    ),
});
