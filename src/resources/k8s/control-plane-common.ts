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

export const extraVolumeToProto = (v: ExtraVolume): Record<string, unknown> => ({
  name: v.name,
  host_path: v.hostPath,
  mount_path: v.mountPath,
  read_only: v.readOnly,
});

export const extraVolumeToYAML = (v: ExtraVolume): Record<string, unknown> => ({
  name: v.name,
  hostPath: v.hostPath,
  mountPath: v.mountPath,
  readonly: v.readOnly,
});

export const resourcesToProto = (r: PodResources): Record<string, unknown> => ({
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

export const argsToYAML = (a: ExtraArgs): ExtraArgs => sortedArgs(a);
