// StaticPodStatuses.kubernetes.talos.dev: the status of a static pod (id "<namespace>/<pod name>",
// the pod name carrying the node name as the kubelet's mirror pod does). The spec is a v1.PodStatus as
// an unstructured object; its YAML is the status itself, so `{.conditions[...]}` reads it.
import { defineResource } from '../definition';
import { sortKeys, toStruct } from './struct';

export interface StaticPodStatusSpec {
  podStatus: Record<string, unknown>;
}

export const StaticPodStatusDefinition = defineResource<StaticPodStatusSpec>({
  type: 'StaticPodStatuses.kubernetes.talos.dev',
  defaultNamespace: 'k8s',
  aliases: ['podstatus'],
  printColumns: [{ name: 'Ready', jsonPath: '{.conditions[?(@.type=="Ready")].status}' }],
  protoSpec: 'talos.resource.definitions.k8s.StaticPodStatusSpec',
  toProto: (s) => ({ pod_status: toStruct(s.podStatus) }),
  toYAML: (s) => sortKeys(s.podStatus),
});
