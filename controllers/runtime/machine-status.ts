// runtime.MachineStatusController: MachineStatuses ("machine"), the machine's stage and readiness.
// The stage comes from machined's lifecycle (MachineStages); while booting or running the machine is
// ready when every condition holds, and each unmet one is listed with its reason.
//
// Talos's conditions, in its order: the network (NetworkStatus), the services (apid, machined and the
// kubelet running, with etcd and trustd on control planes; no running service unhealthy) and the static
// pods. A worker whose kubelet does not run is therefore not ready, as on Talos. Talos's time-sync and
// Kubernetes-node conditions read TimeStatuses and NodeStatuses, which are not produced here yet; they
// are left out rather than reported unmet forever.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { getOptional, outputOf } from '../../src/controller-runtime';
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
import { MACHINE_TYPE, type MachineTypeName } from '../../src/resources/config/machine-type';
import {
  NETWORK_STATUS_ID,
  NetworkStatusDefinition,
  type NetworkStatusSpec,
} from '../../src/resources/network/network-status';
import { ServiceDefinition, type ServiceSpec } from '../../src/resources/v1alpha1/service';
import type { MachineStages } from '../../src/events/machine-stages';

const STATIC_POD_STATUSES = { namespace: 'k8s', type: StaticPodStatusDefinition.type };
const SERVICES = { namespace: ServiceDefinition.defaultNamespace, type: ServiceDefinition.type };
const NETWORK_STATUS = {
  namespace: NetworkStatusDefinition.defaultNamespace,
  type: NetworkStatusDefinition.type,
  id: NETWORK_STATUS_ID,
};

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
    return [
      { ...NETWORK_STATUS, kind: 'weak' as const },
      { ...SERVICES, kind: 'weak' as const },
      { ...STATIC_POD_STATUSES, kind: 'weak' as const },
      { ...MACHINE_TYPE, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [outputOf(MACHINE_STATUS)];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const unsubscribe = this.opts.stages.subscribe(() => ctx.queueReconcile());
    try {
      while (await ctx.nextEvent(signal)) {
        const stage = this.opts.stages.current;
        const machineType = await machineTypeOf(ctx);
        const unmetConditions: UnmetCondition[] = [];
        for (const { name, check } of readinessChecks(stage, machineType)) {
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

async function machineTypeOf(ctx: ControllerContext): Promise<MachineTypeName> {
  return (await getOptional<MachineTypeName>(ctx, MACHINE_TYPE))?.spec ?? 'unknown';
}

function readinessChecks(stage: MachineStage, machineType: MachineTypeName): ReadinessCheck[] {
  if (stage !== 'booting' && stage !== 'running') return [];
  const required = ['apid', 'machined', 'kubelet'];
  if (machineType === 'controlplane' || machineType === 'init') required.push('etcd', 'trustd');
  return [
    { name: 'network', check: networkCheck },
    { name: 'services', check: (ctx) => servicesCheck(ctx, required) },
    { name: 'staticPods', check: staticPodsCheck },
  ];
}

/** What of the network is not ready yet, in Talos's words. */
async function networkCheck(ctx: ControllerContext): Promise<string | undefined> {
  const spec = (await getOptional<NetworkStatusSpec>(ctx, NETWORK_STATUS))?.spec;
  if (!spec) return `resource ${NETWORK_STATUS.type}(network/status@undefined) doesn't exist`;
  const waiting = [
    spec.addressReady ? undefined : 'address',
    spec.connectivityReady ? undefined : 'connectivity',
    spec.etcFilesReady ? undefined : 'etc-files',
    spec.hostnameReady ? undefined : 'hostname',
  ].filter((w) => w !== undefined);
  return waiting.length > 0 ? `waiting on: ${waiting.join(', ')}` : undefined;
}

/** Running services that are unhealthy, and required services that do not run. */
async function servicesCheck(
  ctx: ControllerContext,
  required: readonly string[],
): Promise<string | undefined> {
  const services = await ctx.list<ServiceSpec>(SERVICES);
  const problems: string[] = [];
  const running = new Set<string>();
  for (const s of services) {
    const id = s.metadata.id;
    if (!s.spec.running) {
      problems.push(`${id} not running`);
      continue;
    }
    running.add(id);
    if (!s.spec.unknown && !s.spec.healthy) problems.push(`${id} not healthy`);
  }
  for (const id of required) if (!running.has(id)) problems.push(`${id} not running`);
  return problems.length > 0 ? problems.join(', ') : undefined;
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
