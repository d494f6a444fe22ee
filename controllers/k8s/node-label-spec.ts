// k8s.NodeLabelSpecController: the labels this node wants on its Node object, one NodeLabelSpec per key:
// `machine.nodeLabels`, and on a control plane (controlplane or init) the role label
// `node-role.kubernetes.io/control-plane` with an empty value. Labels no longer configured are removed;
// the node-apply controller then takes them off the Node. (Talos also labels the node with its system
// extensions; talos-ts has none.)
import { type Controller, type ControllerContext } from '../../src/controller-runtime';
import { MACHINE_CONFIG, machineConfigOf } from '../../src/resources/config/machine-config';
import {
  CONTROL_PLANE_ROLE_LABEL,
  NodeLabelSpecDefinition,
  type NodeLabelSpecSpec,
} from '../../src/resources/k8s/node-label-spec';

export class NodeLabelSpecController implements Controller {
  readonly name = 'k8s.NodeLabelSpecController';

  inputs() {
    return [{ ...MACHINE_CONFIG, kind: 'weak' as const }];
  }

  outputs() {
    return [
      {
        type: NodeLabelSpecDefinition.type,
        namespace: NodeLabelSpecDefinition.defaultNamespace,
        kind: 'exclusive' as const,
      },
    ];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const config = await machineConfigOf(ctx);
      const machine = config?.v1alpha1()?.machine;
      const labels: Record<string, string> = {};
      if (machine) {
        Object.assign(labels, machine.nodeLabels ?? {});
        const type = config?.machineType();
        if (type === 'controlplane' || type === 'init') labels[CONTROL_PLANE_ROLE_LABEL] = '';
      }
      ctx.startTrackingOutputs();
      for (const [key, value] of Object.entries(labels)) {
        await ctx.modify<NodeLabelSpecSpec>(
          {
            namespace: NodeLabelSpecDefinition.defaultNamespace,
            type: NodeLabelSpecDefinition.type,
            id: key,
          },
          () => ({ key, value: String(value) }),
        );
      }
      await ctx.cleanupOutputs();
    }
  }
}
