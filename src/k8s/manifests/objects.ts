// Small constructors shared by the bootstrap manifest builders: Kubernetes objects as plain data, in the
// shape the API server accepts (what Talos stores in a Manifest after converting its typed objects).
export type K8sObject = Record<string, unknown>;

export const KUBE_SYSTEM = 'kube-system';
export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const RBAC_V1 = `${RBAC_GROUP}/v1`;

export interface Meta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** apiVersion, kind and metadata (only the fields that are set). */
export function object(apiVersion: string, kind: string, meta: Meta, rest: K8sObject = {}): K8sObject {
  const metadata: K8sObject = { name: meta.name };
  if (meta.namespace !== undefined) metadata['namespace'] = meta.namespace;
  if (meta.labels !== undefined) metadata['labels'] = meta.labels;
  if (meta.annotations !== undefined) metadata['annotations'] = meta.annotations;
  return { apiVersion, kind, metadata, ...rest };
}

/** A subject of a (Cluster)RoleBinding: a group, or a service account in kube-system. */
export const group = (name: string): K8sObject => ({ kind: 'Group', name, apiGroup: RBAC_GROUP });
export const serviceAccount = (name: string): K8sObject => ({
  kind: 'ServiceAccount',
  name,
  namespace: KUBE_SYSTEM,
});

export function clusterRoleBinding(meta: Meta, role: string, subjects: K8sObject[]): K8sObject {
  return object(RBAC_V1, 'ClusterRoleBinding', meta, {
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects,
  });
}

export interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export const clusterRole = (meta: Meta, rules: Rule[]): K8sObject =>
  object(RBAC_V1, 'ClusterRole', meta, { rules });

/** An environment variable read from the pod's own fields. */
export const fieldEnv = (name: string, fieldPath: string): K8sObject => ({
  name,
  valueFrom: { fieldRef: { fieldPath } },
});

export const hostPathVolume = (name: string, path: string): K8sObject => ({ name, hostPath: { path } });

/** Tolerate every NoSchedule and NoExecute taint (node agents). */
export const TOLERATE_ALL: K8sObject[] = [
  { effect: 'NoSchedule', operator: 'Exists' },
  { effect: 'NoExecute', operator: 'Exists' },
];

/** Labels used for the rbac bootstrap roles and bindings Talos creates. */
export const RBAC_DEFAULTS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
export const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };
