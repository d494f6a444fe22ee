// Shapes shared by the control-plane component configs (`k8s.ExtraVolume`, `k8s.Resources`, extra
// arguments), with their protobuf and YAML encodings.
import { sortedArgs, type ExtraArgs } from '../etcd/config';
import { sortKeys } from './struct';

export const CONTROL_PLANE_NAMESPACE = 'controlplane';

export const APISERVER_ID = 'kube-apiserver';
export const CONTROLLER_MANAGER_ID = 'kube-controller-manager';
export const SCHEDULER_ID = 'kube-scheduler';

/** A host path mounted into a control-plane pod. */
export interface ExtraVolume {
  name: string;
  hostPath: string;
  mountPath: string;
  readOnly: boolean;
}

/** Requests and limits as quantity strings keyed by resource name ("cpu", "memory"). */
export interface PodResources {
  requests: Record<string, string>;
  limits: Record<string, string>;
}

export type { ExtraArgs };

/** The settings every control-plane component has. */
export interface ComponentSpec {
  extraArgs: ExtraArgs;
  extraVolumes: ExtraVolume[];
  environmentVariables: Record<string, string>;
  resources: PodResources;
}

/** A component's common settings as protobuf fields. */
export const componentToProto = (s: ComponentSpec): Record<string, unknown> => ({
  extra_volumes: s.extraVolumes.map(extraVolumeToProto),
  environment_variables: s.environmentVariables,
  resources: resourcesToProto(s.resources),
  extra_args: s.extraArgs,
});

/** A component's extra args, volumes and environment as Talos's YAML shows them (resources apart). */
export const componentToYAML = (s: ComponentSpec): Record<string, unknown> => ({
  extraArgs: argsToYAML(s.extraArgs),
  extraVolumes: s.extraVolumes.map(extraVolumeToYAML),
  environmentVariables: sortedMap(s.environmentVariables),
});

const extraVolumeToProto = (v: ExtraVolume): Record<string, unknown> => ({
  name: v.name,
  host_path: v.hostPath,
  mount_path: v.mountPath,
  read_only: v.readOnly,
});

const extraVolumeToYAML = (v: ExtraVolume): Record<string, unknown> => ({
  name: v.name,
  hostPath: v.hostPath,
  mountPath: v.mountPath,
  readonly: v.readOnly,
});

const resourcesToProto = (r: PodResources): Record<string, unknown> => ({
  requests: r.requests,
  limits: r.limits,
});

/** Go marshals map keys sorted; a nil map as `{}`. */
export const sortedMap = <T>(m: Record<string, T> | undefined): Record<string, T> =>
  (sortKeys(m ?? {}) ?? {}) as Record<string, T>;

export const resourcesToYAML = (r: PodResources): Record<string, unknown> => ({
  requests: sortedMap(r.requests),
  limits: sortedMap(r.limits),
});

const argsToYAML = (a: ExtraArgs): ExtraArgs => sortedArgs(a);
