// EtcdConfigs.etcd.talos.dev: etcd's settings from the machine config (id "etcd"); control plane only.
import { defineResource, pointerTo } from '../definition';

export const ETCD_NAMESPACE = 'etcd';
export const ETCD_CONFIG_ID = 'etcd';

/** Talos `etcd.ArgValues`: every value of one extra argument. */
export interface ArgValues {
  values: string[];
}

export type ExtraArgs = Record<string, ArgValues>;

export interface EtcdConfigSpec {
  advertiseValidSubnets: string[];
  /** Addresses never advertised: the VIPs of the config. */
  advertiseExcludeSubnets: string[];
  listenValidSubnets: string[];
  listenExcludeSubnets: string[];
  image: string;
  extraArgs: ExtraArgs;
}

/** Map entries sorted by key, as Go marshals maps. */
export const sortedArgs = (args: ExtraArgs): ExtraArgs =>
  Object.fromEntries(
    Object.keys(args)
      .sort()
      .map((k) => [k, { values: [...(args[k]?.values ?? [])] }]),
  );

export const EtcdConfigDefinition = defineResource<EtcdConfigSpec>({
  type: 'EtcdConfigs.etcd.talos.dev',
  defaultNamespace: ETCD_NAMESPACE,
  printColumns: [{ name: 'Image', jsonPath: '{.image}' }],
  protoSpec: 'talos.resource.definitions.etcd.ConfigSpec',
  toProto: (s) => ({
    advertise_valid_subnets: s.advertiseValidSubnets,
    advertise_exclude_subnets: s.advertiseExcludeSubnets,
    image: s.image,
    listen_valid_subnets: s.listenValidSubnets,
    listen_exclude_subnets: s.listenExcludeSubnets,
    extra_args: s.extraArgs,
  }),
  // Talos's field order; `omitempty` on the two valid-subnet lists.
  toYAML: (s) => ({
    ...(s.advertiseValidSubnets.length > 0 ? { advertiseValidSubnets: s.advertiseValidSubnets } : {}),
    advertiseExcludeSubnets: s.advertiseExcludeSubnets,
    ...(s.listenValidSubnets.length > 0 ? { listenValidSubnets: s.listenValidSubnets } : {}),
    listenExcludeSubnets: s.listenExcludeSubnets,
    image: s.image,
    extraArgs: sortedArgs(s.extraArgs),
  }),
});

export const ETCD_CONFIG = pointerTo(EtcdConfigDefinition, ETCD_CONFIG_ID);
