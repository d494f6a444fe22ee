// StaticPods.kubernetes.talos.dev: a pod the kubelet runs from a manifest (ids "kube-apiserver",
// "kube-controller-manager", "kube-scheduler", and "<namespace>-<name>" for `machine.pods`).
// The spec is a v1.Pod as an unstructured object; its YAML is the pod itself.
import { defineResource } from '../definition';
import { sortKeys, toStruct } from './struct';

export interface StaticPodSpec {
  pod: Record<string, unknown>;
}

export const StaticPodDefinition = defineResource<StaticPodSpec>({
  type: 'StaticPods.kubernetes.talos.dev',
  defaultNamespace: 'k8s',
  protoSpec: 'talos.resource.definitions.k8s.StaticPodSpec',
  toProto: (s) => ({ pod: toStruct(s.pod) }),
  toYAML: (s) => sortKeys(s.pod),
});
