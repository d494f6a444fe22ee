// Manifests.kubernetes.talos.dev: a group of Kubernetes objects applied to the cluster at bootstrap
// (ids such as "00-kubelet-bootstrapping-token", "11-core-dns"), in the controlplane namespace.
// Its YAML is the list of objects.
import { defineResource } from '../definition';
import { sortKeys, toStruct } from './struct';

export interface ManifestSpec {
  items: Record<string, unknown>[];
}

export const ManifestDefinition = defineResource<ManifestSpec>({
  type: 'Manifests.kubernetes.talos.dev',
  defaultNamespace: 'controlplane',
  protoSpec: 'talos.resource.definitions.k8s.ManifestSpec',
  toProto: (s) => ({ items: s.items.map((o) => ({ object: toStruct(o) })) }),
  toYAML: (s) => s.items.map(sortKeys),
});
