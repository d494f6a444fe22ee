// ConfigLayer: the layers network configuration is merged from, lowest priority first
// (Talos network.ConfigLayer; protobuf enum talos.resource.definitions.enums.NetworkConfigLayer).

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
