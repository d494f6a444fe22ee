// NodeLabelSpecs.k8s.talos.dev: one label the node wants on its Kubernetes Node object (id = the label's
// key): the control-plane role label and `machine.nodeLabels`. Served to os:admin only, as in Talos.
import { defineResource } from '../definition';

/** The role label of a control-plane node (Talos: constants.LabelNodeRoleControlPlane). */
export const CONTROL_PLANE_ROLE_LABEL = 'node-role.kubernetes.io/control-plane';

export interface NodeLabelSpecSpec {
  key: string;
  value: string;
}

export const NodeLabelSpecDefinition = defineResource<NodeLabelSpecSpec>({
  type: 'NodeLabelSpecs.k8s.talos.dev',
  defaultNamespace: 'k8s',
  printColumns: [{ name: 'Value', jsonPath: '{.value}' }],
  sensitive: true,
  protoSpec: 'talos.resource.definitions.k8s.NodeLabelSpecSpec',
  toProto: (s) => ({ key: s.key, value: s.value }),
});
