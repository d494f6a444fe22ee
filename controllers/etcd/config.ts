// etcd.ConfigController: EtcdConfig ("etcd" in `etcd`) from `cluster.etcd` on control-plane nodes:
// subnets to advertise and listen on (the config's VIPs are never advertised), image, extra arguments.
import { derivedController } from '../../src/controller-runtime';
import { MACHINE_CONFIG, type MachineConfigSpec } from '../../src/resources/config/machine-config';
import type { MachineConfig } from '../../src/config';
import { ETCD_CONFIG, type EtcdConfigSpec, type ExtraArgs } from '../../src/resources/etcd/config';
import { DEFAULT_ETCD_IMAGE } from '../../src/k8s/defaults';
import { asRecord } from '../../src/untyped-values';

/** Documents whose name is a virtual IP (Talos `NetworkVirtualIPConfigs()`). */
const VIP_KINDS = ['Layer2VIPConfig', 'HCloudVIPConfig'];

export class ConfigController extends derivedController(
  'etcd.ConfigController',
  MACHINE_CONFIG,
  ETCD_CONFIG,
  ({ config }: MachineConfigSpec) => etcdConfig(config),
) {}

/** The spec for a control-plane config; undefined elsewhere (etcd runs on control-plane nodes only). */
export function etcdConfig(config: MachineConfig): EtcdConfigSpec | undefined {
  const v1 = config.v1alpha1();
  if (!v1?.machine || !v1.cluster) return undefined;
  const type = config.machineType();
  if (type !== 'controlplane' && type !== 'init') return undefined;
  const etcd = v1.cluster.etcd ?? {};
  // Talos AdvertisedSubnets()/ListenSubnets(): the deprecated `subnet` stands in for advertisedSubnets,
  // and listening follows advertisedSubnets when listenSubnets is unset.
  const advertised = nonEmpty(etcd.advertisedSubnets) ?? (etcd.subnet ? [etcd.subnet] : []);
  const listen = nonEmpty(etcd.listenSubnets) ?? nonEmpty(etcd.advertisedSubnets) ?? [];
  const extraArgs: ExtraArgs = {};
  for (const [k, v] of Object.entries(etcd.extraArgs ?? {}))
    extraArgs[k] = { values: Array.isArray(v) ? v.map(String) : [String(v)] };
  return {
    advertiseValidSubnets: [...advertised],
    advertiseExcludeSubnets: vips(config),
    listenValidSubnets: [...listen],
    listenExcludeSubnets: [],
    image: etcd.image || DEFAULT_ETCD_IMAGE,
    extraArgs,
  };
}

const nonEmpty = (l: string[] | undefined): string[] | undefined => (l && l.length > 0 ? l : undefined);

const vipOf = (v: unknown): string[] => {
  const ip = asRecord(asRecord(v)?.['vip'])?.['ip'];
  return typeof ip === 'string' && ip !== '' ? [ip] : [];
};

/** VIPs of `machine.network.interfaces[]` and their VLANs, then of the VIP documents. */
function vips(config: MachineConfig): string[] {
  const out: string[] = [];
  for (const link of config.v1alpha1()?.machine?.network?.interfaces ?? []) {
    out.push(...vipOf(link));
    const vlans = asRecord(link)?.['vlans'];
    if (Array.isArray(vlans)) for (const vlan of vlans) out.push(...vipOf(vlan));
  }
  for (const kind of VIP_KINDS)
    for (const doc of config.documentsOfKind(kind)) if (doc.name) out.push(doc.name);
  return out;
}
