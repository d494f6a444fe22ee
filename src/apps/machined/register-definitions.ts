// Fills the meta namespace: one Namespace per namespace, one ResourceDefinition per type.
import { newResource } from '../../resources/definition';
import { NamespaceDefinition } from '../../resources/meta/namespace';
import {
  describeResource,
  resourceDefinitionId,
  ResourceDefinitionDefinition,
} from '../../resources/meta/resource-definition';
import { NAMESPACES, RESOURCE_DEFINITIONS } from '../../resources/registry';
import type { State } from '../../state';

export async function registerDefinitions(state: State): Promise<void> {
  for (const [id, description] of Object.entries(NAMESPACES)) {
    await state.create(newResource(NamespaceDefinition, id, { description }));
  }
  for (const def of RESOURCE_DEFINITIONS) {
    const spec = describeResource(def);
    await state.create(newResource(ResourceDefinitionDefinition, resourceDefinitionId(def.type), spec));
  }
}
