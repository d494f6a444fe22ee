// k8s.NodeTaintSpecController: the taints this node wants on its Node object, one NodeTaintSpec per key:
// on a control plane (controlplane or init) `node-role.kubernetes.io/control-plane:NoSchedule` unless
// `cluster.allowSchedulingOnControlPlanes`, and `machine.nodeTaints` (`key: value:Effect` or
// `key: Effect`). Taints no longer configured are removed; the node-apply controller then takes them off.
import { type Controller, type ControllerContext } from '../../src/controller-runtime';
import { MACHINE_CONFIG, machineConfigOf } from '../../src/resources/config/machine-config';
import { NodeTaintSpecDefinition, type NodeTaintSpecSpec } from '../../src/resources/k8s/node-taint-spec';
import { CONTROL_PLANE_ROLE_LABEL } from '../../src/resources/k8s/node-label-spec';

/** `value:Effect`, or an effect alone (empty value). */
export function parseTaint(key: string, text: string): NodeTaintSpecSpec {
  const colon = text.indexOf(':');
  return colon < 0
    ? { key, value: '', effect: text }
    : { key, value: text.slice(0, colon), effect: text.slice(colon + 1) };
}

export class NodeTaintSpecController implements Controller {
  readonly name = 'k8s.NodeTaintSpecController';

  inputs() {
    return [{ ...MACHINE_CONFIG, kind: 'weak' as const }];
  }

  outputs() {
    return [
      {
        type: NodeTaintSpecDefinition.type,
        namespace: NodeTaintSpecDefinition.defaultNamespace,
        kind: 'exclusive' as const,
      },
    ];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const config = await machineConfigOf(ctx);
      const v1 = config?.v1alpha1();
      const taints: NodeTaintSpecSpec[] = [];
      if (v1?.machine) {
        const type = config?.machineType();
        const controlPlane = type === 'controlplane' || type === 'init';
        if (v1.cluster && controlPlane && v1.cluster.allowSchedulingOnControlPlanes !== true)
          taints.push({ key: CONTROL_PLANE_ROLE_LABEL, value: '', effect: 'NoSchedule' });
        for (const [key, text] of Object.entries(v1.machine.nodeTaints ?? {}))
          taints.push(parseTaint(key, String(text)));
      }
      ctx.startTrackingOutputs();
      for (const taint of taints) {
        await ctx.modify<NodeTaintSpecSpec>(
          {
            namespace: NodeTaintSpecDefinition.defaultNamespace,
            type: NodeTaintSpecDefinition.type,
            id: taint.key,
          },
          () => taint,
        );
      }
      await ctx.cleanupOutputs();
    }
  }
}
