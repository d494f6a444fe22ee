// ResourceDefinitions.meta.cosi.dev: how talosctl learns types, aliases and columns.
import { defineResource, type PrintColumn, type ResourceDefinition } from '../definition';
import { META_NAMESPACE } from './namespace';
import { singular } from './singular';

export const RESOURCE_DEFINITION_TYPE = 'ResourceDefinitions.meta.cosi.dev';

export interface ResourceDefinitionSpec {
  type: string;
  displayType: string;
  defaultNamespace: string;
  aliases: string[];
  allAliases: string[];
  printColumns: PrintColumn[];
  sensitivity?: 'sensitive';
}

export const ResourceDefinitionDefinition = defineResource<ResourceDefinitionSpec>({
  type: RESOURCE_DEFINITION_TYPE,
  defaultNamespace: META_NAMESPACE,
  aliases: ['api-resources'],
  printColumns: [{ name: 'Aliases', jsonPath: '{.aliases[:]}' }],
  protoSpec: 'cosi.resource.meta.ResourceDefinitionSpec',
  toProto: (s) => ({
    resource_type: s.type,
    display_type: s.displayType,
    default_namespace: s.defaultNamespace,
    aliases: s.aliases,
    all_aliases: s.allAliases,
    print_columns: s.printColumns.map((c) => ({ name: c.name, json_path: c.jsonPath })),
    sensitivity: s.sensitivity === 'sensitive' ? 'SENSITIVE' : 'NON_SENSITIVE',
  }),
  toYAML: (s) => ({
    type: s.type,
    displayType: s.displayType,
    defaultNamespace: s.defaultNamespace,
    aliases: s.aliases,
    allAliases: s.allAliases,
    printColumns: s.printColumns,
    ...(s.sensitivity ? { sensitivity: s.sensitivity } : {}),
  }),
});

/** The id COSI gives a definition: its type in lower case. */
export const resourceDefinitionId = (type: string): string => type.toLowerCase();

/**
 * The served definition of a type, with COSI's automatic aliases: the singular name, the acronym of
 * its capitals (and its plural), the plural name and its prefixes with the suffix parts.
 */
export function describeResource(def: ResourceDefinition): ResourceDefinitionSpec {
  const dot = def.type.indexOf('.');
  const name = def.type.slice(0, dot);
  const suffixParts = def.type.slice(dot + 1).split('.');
  const displayType = singular(name);
  const aliases = [...(def.aliases ?? []), displayType.toLowerCase()];
  const capitals = name.replace(/[^A-Z]/g, '');
  if (capitals.length > 1) {
    aliases.push(capitals.toLowerCase());
    if (!capitals.endsWith('S')) aliases.push(`${capitals}s`.toLowerCase());
  }
  const allAliases = [name.toLowerCase()];
  for (let i = 1; i < suffixParts.length; i++) {
    allAliases.push([name.toLowerCase(), ...suffixParts.slice(0, i)].join('.'));
  }
  allAliases.push(...aliases);
  return {
    type: def.type,
    displayType,
    defaultNamespace: def.defaultNamespace,
    aliases,
    allAliases,
    printColumns: [...(def.printColumns ?? [])],
    ...(def.sensitive ? { sensitivity: 'sensitive' as const } : {}),
  };
}
