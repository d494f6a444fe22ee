// runtime.MachineStatusController: MachineStatuses ("machine"), the machine's stage and readiness.
// The stage comes from machined's lifecycle (MachineStages); while booting or running the machine is
// ready when every condition holds, and each unmet one is listed with its reason.
//
// Talos checks time sync, network readiness, services, static pods and the Kubernetes node. Only the
// static pods exist here (StaticPodStatuses); the others have no resources yet and are left out
// rather than reported unmet forever.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { outputOf } from '../../src/controller-runtime';
import {
  StaticPodStatusDefinition,
  type StaticPodStatusSpec,
} from '../../src/resources/k8s/static-pod-status';
import {
  MACHINE_STATUS,
  type MachineStage,
  type MachineStatusSpec,
  type UnmetCondition,
} from '../../src/resources/runtime/machine-status';
import type { Resource } from '../../src/state';
import type { MachineStages } from '../../src/events/machine-stages';

const STATIC_POD_STATUSES = { namespace: 'k8s', type: StaticPodStatusDefinition.type };

export interface MachineStatusControllerOptions {
  readonly stages: MachineStages;
}

interface ReadinessCheck {
  readonly name: string;
  /** The reason the condition is unmet, or undefined when it holds. */
  readonly check: (ctx: ControllerContext) => Promise<string | undefined>;
}

export class MachineStatusController implements Controller {
  readonly name = 'runtime.MachineStatusController';
  private announcedReady = false;

  constructor(private readonly opts: MachineStatusControllerOptions) {}

  inputs() {
    return [{ ...STATIC_POD_STATUSES, kind: 'weak' as const }];
  }

  outputs() {
    return [outputOf(MACHINE_STATUS)];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const unsubscribe = this.opts.stages.subscribe(() => ctx.queueReconcile());
    try {
      while (await ctx.nextEvent(signal)) {
        const stage = this.opts.stages.current;
        const unmetConditions: UnmetCondition[] = [];
        for (const { name, check } of readinessChecks(stage)) {
          const reason = await check(ctx);
          if (reason !== undefined) unmetConditions.push({ name, reason });
        }
        const ready = unmetConditions.length === 0;
        await ctx.modify<MachineStatusSpec>(MACHINE_STATUS, () => ({
          stage,
          status: { ready, unmetConditions },
        }));
        if (stage === 'running' && ready && !this.announcedReady) {
          this.announcedReady = true;
          ctx.logger.info('machine is running and ready');
        }
        ctx.resetBackoff();
      }
    } finally {
      unsubscribe();
    }
  }
}

function readinessChecks(stage: MachineStage): ReadinessCheck[] {
  if (stage !== 'booting' && stage !== 'running') return [];
  return [{ name: 'staticPods', check: staticPodsCheck }];
}

async function staticPodsCheck(ctx: ControllerContext): Promise<string | undefined> {
  const pods = await ctx.list<StaticPodStatusSpec>(STATIC_POD_STATUSES);
  const problems = pods.flatMap(staticPodProblem);
  return problems.length > 0 ? problems.join(', ') : undefined;
}

/** Talos's reading of a pod status: pending, failed and unknown pods, and running pods not Ready. */
function staticPodProblem(pod: Resource<StaticPodStatusSpec>): string[] {
  const status = pod.spec.podStatus;
  const phase = typeof status['phase'] === 'string' ? status['phase'] : '';
  const id = pod.metadata.id;
  switch (phase) {
    case 'Pending':
    case 'Failed':
    case 'Unknown':
      return [`${id} ${phase.toLowerCase()}`];
    case 'Running': {
      const conditions = Array.isArray(status['conditions']) ? (status['conditions'] as unknown[]) : [];
      const ready = conditions.find(
        (c): c is Record<string, unknown> => isRecord(c) && c['type'] === 'Ready',
      );
      return ready?.['status'] === 'True' ? [] : [`${id} not ready`];
    }
    default:
      return [];
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
