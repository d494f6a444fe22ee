// ConfigLayer: the layers network configuration is merged from, lowest priority first
// (Talos network.ConfigLayer; protobuf enum talos.resource.definitions.enums.NetworkConfigLayer).
import type { MergeSettings } from '../../controller-runtime';

/** Where the merged network resources live, and where their per-layer specs do. */
export const NETWORK_NAMESPACE = 'network';
export const NETWORK_CONFIG_NAMESPACE = 'network-config';

/** Layer names as Talos writes them in YAML, in protobuf enum order. */
export const CONFIG_LAYERS = ['default', 'cmdline', 'platform', 'operator', 'configuration'] as const;
export type ConfigLayer = (typeof CONFIG_LAYERS)[number];

/** The protobuf enum value of a layer. */
export function configLayerNumber(layer: ConfigLayer): number {
  return CONFIG_LAYERS.indexOf(layer);
}

/** The ID of an entity configured at a layer, as Talos builds it: `<layer>/<id>`. */
export function layeredID(layer: ConfigLayer, id: string): string {
  return `${layer}/${id}`;
}

/** A merge controller's settings: the per-layer specs of one type in `network-config` into one in `network`. */
export function layerMerge<Spec>(
  name: string,
  type: string,
  id: string,
  merge: (layers: readonly Spec[]) => Spec | undefined,
): MergeSettings<Spec> {
  const input = { namespace: NETWORK_CONFIG_NAMESPACE, type };
  return { name, input, output: { namespace: NETWORK_NAMESPACE, type, id }, outputKind: 'shared', merge };
}
