// k8s.StaticPodConfigController: a StaticPod (in `k8s`) for each pod of `machine.pods`, with id
// "<namespace>-<name>" (namespace "default" when the pod names none), on every node with a config.
// As in Talos, a pod without a string `metadata.name` (or with a namespace that is not a string) is a
// configuration error: the pass fails and is retried, and earlier pods of the list stay as written.
import { type Controller, type ControllerContext } from '../../src/controller-runtime';
import { MACHINE_CONFIG, machineConfigOf } from '../../src/resources/config/machine-config';
import { StaticPodDefinition, type StaticPodSpec } from '../../src/resources/k8s/static-pod';
import { asRecord } from '../../src/untyped-values';

const POD_NAMESPACE = StaticPodDefinition.defaultNamespace;

/** A `machine.pods` entry that cannot be named. */
export class StaticPodConfigError extends Error {
  constructor(
    readonly index: number,
    readonly reason: string,
  ) {
    super(`static pod ${index}: ${reason}`);
    this.name = 'StaticPodConfigError';
  }
}

export const isStaticPodConfigError = (e: unknown): e is StaticPodConfigError =>
  e instanceof StaticPodConfigError;

/** The StaticPod id of a pod (Talos: "<namespace>-<name>"). */
export function staticPodId(pod: Record<string, unknown>, index = 0): string {
  const metadata = pod['metadata'];
  if (metadata !== undefined && metadata !== null && !asRecord(metadata))
    throw new StaticPodConfigError(index, 'metadata is not an object');
  const name = asRecord(metadata)?.['name'];
  const namespace = asRecord(metadata)?.['namespace'];
  if (name === undefined || name === null)
    throw new StaticPodConfigError(index, 'name is missing in static pod metadata');
  if (typeof name !== 'string') throw new StaticPodConfigError(index, 'metadata.name is not a string');
  if (namespace !== undefined && typeof namespace !== 'string')
    throw new StaticPodConfigError(index, 'metadata.namespace is not a string');
  return `${namespace ?? 'default'}-${name}`;
}

export class StaticPodConfigController implements Controller {
  readonly name = 'k8s.StaticPodConfigController';

  inputs() {
    return [{ ...MACHINE_CONFIG, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: StaticPodDefinition.type, namespace: POD_NAMESPACE, kind: 'shared' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const machine = (await machineConfigOf(ctx))?.v1alpha1()?.machine;
      ctx.startTrackingOutputs();
      const pods = machine?.pods ?? [];
      for (const [index, pod] of pods.entries()) {
        const id = staticPodId(pod, index);
        const spec: StaticPodSpec = { pod: structuredClone(pod) };
        await ctx.modify<StaticPodSpec>(
          { namespace: POD_NAMESPACE, type: StaticPodDefinition.type, id },
          () => spec,
        );
      }
      await ctx.cleanupOutputs();
    }
  }
}
