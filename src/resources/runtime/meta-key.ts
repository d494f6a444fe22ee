// MetaKeys.runtime.talos.dev: one key of the META partition (id `0x0a`), its value as text.
import { defineResource } from '../definition';

export interface MetaKeySpec {
  value: string;
}

export const MetaKeyDefinition = defineResource<MetaKeySpec>({
  type: 'MetaKeys.runtime.talos.dev',
  defaultNamespace: 'runtime',
  aliases: ['meta'],
  printColumns: [{ name: 'Value', jsonPath: '{.value}' }],
  protoSpec: 'talos.resource.definitions.runtime.MetaKeySpec',
});
