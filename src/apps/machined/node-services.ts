// The node's services under the supervisor: machined, apid (and containerd) from the start, cri and the
// kubelet once the node is configured, trustd (and etcd) once it is a configured control plane; every
// state change goes to the runtime event stream.
import type { MachineConfig } from '../../config';
import type { EventPublisher } from '../../events/event-stream';
import { toTimestamp } from '../../grpc/resource-codec';
import { SERVICE_STATES, Supervisor, type Service, type ServiceContext } from '../../system';
import { apidService } from '../../../services/apid';
import { inProcessService } from '../../../services/in-process';
import { kubeletService } from '../../../services/kubelet';

export interface NodeServicesOptions {
  readonly context: ServiceContext;
  readonly publish: EventPublisher;
  readonly apid: { run(signal: AbortSignal): Promise<void> };
  readonly apidHost: string;
  readonly apidPort: number;
  readonly trustd: { run(signal: AbortSignal): Promise<void> };
  /** Services that run on control planes only, besides trustd (etcd). */
  readonly controlPlane?: readonly Service[];
  /** Services started with machined and apid (the system containerd). */
  readonly system?: readonly Service[];
  /** Services every configured node runs (cri). */
  readonly configured?: readonly Service[];
  /** The kubelet, run by every configured node after those (default: the kubelet service; false: none). */
  readonly kubelet?: Service | false;
}

/**
 * The same service, depending on apid besides its own dependencies (its methods run on an object whose
 * prototype is the service, so they see and keep its state).
 */
function afterApid(s: Service): Service {
  const wrapped = Object.create(s) as Service;
  return Object.assign(wrapped, { dependsOn: (ctx: ServiceContext) => [...s.dependsOn(ctx), 'apid'] });
}

const idle = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

export class NodeServices {
  readonly supervisor: Supervisor;
  private readonly controlPlane: Service[];
  private readonly configuredServices: Service[];

  constructor(private readonly opts: NodeServicesOptions) {
    this.supervisor = new Supervisor(opts.context);
    this.controlPlane = [
      inProcessService({ id: 'trustd', main: (s) => opts.trustd.run(s) }),
      ...(opts.controlPlane ?? []),
    ];
    const kubelet = opts.kubelet === undefined ? kubeletService() : opts.kubelet;
    this.configuredServices = [...(opts.configured ?? []), ...(kubelet ? [kubelet] : [])];
    this.supervisor.subscribe(({ service, event }) =>
      opts.publish('machine.ServiceStateEvent', {
        service,
        action: SERVICE_STATES.indexOf(event.state),
        message: event.message,
        health: event.health
          ? {
              unknown: event.health.unknown,
              healthy: event.health.healthy,
              last_message: event.health.lastMessage,
              last_change: toTimestamp(event.health.lastChange),
            }
          : { unknown: true },
      }),
    );
  }

  /**
   * machined (the agent itself, in-process), apid and the system services. In maintenance mode the
   * system services wait for apid to be up: nothing needs them before a config arrives, and a node
   * that boots answers `apply-config --insecure` sooner when they do not compete with apid for the CPU.
   */
  async start(o: { readonly maintenance?: boolean } = {}): Promise<void> {
    const system = (this.opts.system ?? []).map((s) => (o.maintenance ? afterApid(s) : s));
    this.supervisor.load(
      inProcessService({ id: 'machined', main: idle }),
      apidService({ main: (s) => this.opts.apid.run(s), host: this.opts.apidHost, port: this.opts.apidPort }),
      ...system,
    );
    await this.supervisor.startAll(['machined', 'apid', ...(this.opts.system ?? []).map((s) => s.id)]);
  }

  /**
   * A config became active: cri, the kubelet and, on control planes, their services are loaded and
   * started (once).
   */
  async configured(cfg: MachineConfig): Promise<void> {
    const type = cfg.machineType();
    const controlPlane = type === 'controlplane' || type === 'init';
    if (!controlPlane && type !== 'worker') return;
    const ids = this.supervisor.load(...this.configuredServices, ...(controlPlane ? this.controlPlane : []));
    if (ids.length > 0) await this.supervisor.startAll(ids);
  }

  /** The config is gone (a reset): the services it started are stopped and unloaded. */
  async deconfigured(): Promise<void> {
    await this.supervisor.unload(...[...this.controlPlane, ...this.configuredServices].map((s) => s.id));
  }

  /**
   * Before a stand-in reboot: every service but machined stopped, those a config or the system
   * started forgotten; apid last, so that what was said before reaches the clients, whose
   * connections then drop as a rebooting node's do. start() brings them back.
   */
  async stopAllButMachined(): Promise<void> {
    await this.deconfigured();
    await this.supervisor.unload(...(this.opts.system ?? []).map((s) => s.id));
    await this.supervisor.stop('apid');
  }

  stop(): Promise<void> {
    return this.supervisor.stopAll();
  }
}
