// What the control-plane config controllers share: the guard (a config with machine and cluster
// sections on a control-plane node), Talos's defaults for images and CIDRs, and the conversions of
// extra args, extra volumes and resources from the machine config to the resources' shapes.
import type { MachineConfig } from '../config';
import type { ClusterSection, ComponentSection, MachineSection } from '../config/v1alpha1-types';
import type { MachineConfigSpec } from '../resources/config/machine-config';
import type { ExtraArgs } from '../resources/etcd/config';
import type { ExtraVolume, PodResources } from '../resources/k8s/control-plane-common';
import { DEFAULT_APISERVER_IMAGE, DEFAULT_POD_SUBNET, DEFAULT_SERVICE_SUBNET } from './defaults';

export const ETCD_CLIENT_PORT = 2379;
export const CLOUD_PROVIDER_EXTERNAL = 'external';

/** The sections of a config the control-plane controllers read. */
export interface ControlPlaneSections {
  readonly config: MachineConfig;
  readonly machine: MachineSection;
  readonly cluster: ClusterSection;
}

/** The config's sections on a control-plane node (type controlplane or init); undefined elsewhere. */
export function controlPlaneSections(config: MachineConfig | undefined): ControlPlaneSections | undefined {
  const v1 = config?.v1alpha1();
  if (!config || !v1?.machine || !v1.cluster) return undefined;
  const type = config.machineType();
  if (type !== 'controlplane' && type !== 'init') return undefined;
  return { config, machine: v1.machine, cluster: v1.cluster };
}

/** A control-plane resource's spec from the machine config: none off the control plane. */
export const onControlPlane =
  <Spec>(build: (sections: ControlPlaneSections) => Spec) =>
  ({ config }: MachineConfigSpec): Spec | undefined => {
    const sections = controlPlaneSections(config);
    return sections && build(sections);
  };

/** Talos `Args.ToMap()`: a string is one value (none when empty), a list its values. */
export function extraArgs(raw: ComponentSection['extraArgs']): ExtraArgs {
  const out: ExtraArgs = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    const values = Array.isArray(v) ? v.map(String) : v === '' ? [] : [String(v)];
    out[k] = { values };
  }
  return out;
}

/** Talos `VolumeMountConfig.Name()`: the mount path with `/`, `_`, `.` as `-`, trimmed of `-`. */
export const volumeName = (mountPath: string): string =>
  mountPath.replace(/[/_.]/g, '-').replace(/^-+|-+$/g, '');

export function extraVolumes(raw: ComponentSection['extraVolumes']): ExtraVolume[] {
  return (raw ?? []).map((v) => ({
    name: volumeName(v.mountPath ?? ''),
    hostPath: v.hostPath ?? '',
    mountPath: v.mountPath ?? '',
    readOnly: v.readonly === true,
  }));
}

/** Talos `convertResource`: an integer or a string; anything else is no value. */
function quantityOf(section: unknown, key: string): string {
  if (typeof section !== 'object' || section === null) return '';
  const v = (section as Record<string, unknown>)[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  return '';
}

/** Talos `convertResources`: requests always name cpu and memory; limits only those set. */
export function podResources(raw: ComponentSection['resources']): PodResources {
  const requests = raw?.['requests'];
  const limits = raw?.['limits'];
  const out: PodResources = {
    requests: { cpu: quantityOf(requests, 'cpu'), memory: quantityOf(requests, 'memory') },
    limits: {},
  };
  const cpu = quantityOf(limits, 'cpu');
  const memory = quantityOf(limits, 'memory');
  if (cpu !== '') out.limits['cpu'] = cpu;
  if (memory !== '') out.limits['memory'] = memory;
  return out;
}

export const environment = (raw: ComponentSection['env']): Record<string, string> => ({ ...(raw ?? {}) });

export const cloudProvider = (cluster: ClusterSection): string =>
  cluster.externalCloudProvider?.enabled === true ? CLOUD_PROVIDER_EXTERNAL : '';

const nonEmpty = (l: string[] | undefined): string[] | undefined => (l && l.length > 0 ? [...l] : undefined);

export const podCIDRs = (cluster: ClusterSection): string[] =>
  nonEmpty(cluster.network?.podSubnets) ?? [DEFAULT_POD_SUBNET];

export const serviceCIDRs = (cluster: ClusterSection): string[] =>
  nonEmpty(cluster.network?.serviceSubnets) ?? [DEFAULT_SERVICE_SUBNET];

export const apiServerImage = (cluster: ClusterSection): string =>
  cluster.apiServer?.image || DEFAULT_APISERVER_IMAGE;
