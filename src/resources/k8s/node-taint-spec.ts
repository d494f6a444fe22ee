// NodeTaintSpecs.k8s.talos.dev: one taint the node wants on its Kubernetes Node object (id = the taint's
// key): the control-plane NoSchedule taint and `machine.nodeTaints`. Served to os:admin only, as in Talos.
import { defineResource } from '../definition';

export interface NodeTaintSpecSpec {
  key: string;
  effect: string;
  value: string;
}

export const NodeTaintSpecDefinition = defineResource<NodeTaintSpecSpec>({
  type: 'NodeTaintSpecs.k8s.talos.dev',
  defaultNamespace: 'k8s',
  printColumns: [
    { name: 'Effect', jsonPath: '{.effect}' },
    { name: 'Value', jsonPath: '{.value}' },
  ],
  sensitive: true,
  protoSpec: 'talos.resource.definitions.k8s.NodeTaintSpecSpec',
  toProto: (s) => ({ key: s.key, effect: s.effect, value: s.value }),
});
