// Namespaces.meta.cosi.dev: one resource per namespace of the store.
import { defineResource } from '../definition';

export const NAMESPACE_TYPE = 'Namespaces.meta.cosi.dev';
export const META_NAMESPACE = 'meta';

export interface NamespaceSpec {
  description: string;
}

export const NamespaceDefinition = defineResource<NamespaceSpec>({
  type: NAMESPACE_TYPE,
  defaultNamespace: META_NAMESPACE,
  aliases: ['ns'],
  protoSpec: 'cosi.resource.meta.NamespaceSpec',
});
