// network.OperatorSpecController: runs the merged OperatorSpecs' operators. A shared virtual IP runs on a
// control plane once its etcd member is up (never before etcd is bootstrapped), and stops (letting the
// address go) when its spec goes, the machine stops being a control plane, or etcd goes down. DHCPv4
// operators are still the metal boot's (src/platform/metal), which hands its lease over at start.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { getOptional } from '../../src/controller-runtime';
import {
  adminTLS,
  ETCD_MEMBER,
  ETCD_ROOT,
  ETCD_SECRETS,
  ETCD_SPEC,
  LOCAL_ETCD_CLIENT_INPUTS,
  localEndpoint,
} from '../../src/etcd/local';
import { EtcdLeaseClient } from '../../src/etcd/lease-client';
import type { NetworkKernel } from '../../src/network/kernel/kernel';
import type { ShutdownHooks } from '../../src/system/shutdown-hooks';
import { VipOperator } from '../../src/network/vip/vip-operator';
import { MACHINE_TYPE, type MachineTypeName } from '../../src/resources/config/machine-type';
import type { EtcdSpecSpec } from '../../src/resources/etcd/spec';
import { HOSTNAME_STATUS, type HostnameStatusSpec } from '../../src/resources/network/hostname-status';
import { OperatorSpecDefinition, type OperatorSpecSpec } from '../../src/resources/network/operator-spec';
import type { EtcdRootSpec } from '../../src/resources/secrets/etcd-root';
import type { EtcdCertsSpec } from '../../src/resources/secrets/etcd-secrets';
import { errorMessage } from '../../src/error-message';

const OPERATORS = { namespace: 'network', type: OperatorSpecDefinition.type };

interface Running {
  readonly key: string;
  readonly stop: AbortController;
  readonly done: Promise<void>;
}

export class OperatorSpecController implements Controller {
  readonly name = 'network.OperatorSpecController';
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly kernel: NetworkKernel,
    /** On a graceful shutdown the operators stop (and let go) before the services do. */
    private readonly shutdown?: ShutdownHooks,
  ) {}

  inputs() {
    return [
      { ...OPERATORS, kind: 'weak' as const },
      { ...MACHINE_TYPE, kind: 'weak' as const },
      { ...HOSTNAME_STATUS, kind: 'weak' as const },
      { ...ETCD_MEMBER, kind: 'weak' as const },
      ...LOCAL_ETCD_CLIENT_INPUTS,
    ];
  }

  outputs() {
    return [];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const unregister = this.shutdown?.add(() => this.stopAll());
    try {
      while (await ctx.nextEvent(signal)) {
        const wanted = await this.wanted(ctx);
        for (const [id, r] of this.running) if (wanted.get(id)?.key !== r.key) await this.stopOne(id);
        for (const [id, w] of wanted)
          if (!this.running.has(id)) this.startOne(ctx, id, w.key, w.make, signal);
        ctx.resetBackoff();
      }
    } finally {
      unregister?.();
      await this.stopAll();
    }
  }

  private async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.stopOne(id)));
  }

  /** The VIP operators that should run now, by spec id, with what they were made from. */
  private async wanted(
    ctx: ControllerContext,
  ): Promise<Map<string, { key: string; make: () => VipOperator }>> {
    const out = new Map<string, { key: string; make: () => VipOperator }>();
    const type = (await getOptional<MachineTypeName>(ctx, MACHINE_TYPE))?.spec;
    const member = await getOptional(ctx, ETCD_MEMBER);
    const spec = await getOptional<EtcdSpecSpec>(ctx, ETCD_SPEC);
    const root = await getOptional<EtcdRootSpec>(ctx, ETCD_ROOT);
    const certs = await getOptional<EtcdCertsSpec>(ctx, ETCD_SECRETS);
    const hostname = (await getOptional<HostnameStatusSpec>(ctx, HOSTNAME_STATUS))?.spec.hostname;
    if (!this.kernel.mutable || (type !== 'controlplane' && type !== 'init')) return out;
    if (!member || !spec || !root || !certs || !hostname) return out; // etcd not up (or not bootstrapped) yet
    const endpoint = localEndpoint(spec.spec);
    for (const { metadata, spec: op } of await ctx.list<OperatorSpecSpec>(OPERATORS)) {
      if (metadata.phase !== 'running' || op.operator !== 'vip' || !op.vip) continue;
      const vip = op.vip;
      out.set(metadata.id, {
        key: `${endpoint} ${op.linkName} ${vip.ip} ${hostname}`,
        make: () =>
          new VipOperator({
            ip: vip.ip,
            link: op.linkName,
            node: hostname,
            kernel: this.kernel,
            etcd: new EtcdLeaseClient([endpoint], adminTLS(root.spec, certs.spec)),
            logger: ctx.logger,
          }),
      });
    }
    return out;
  }

  private startOne(
    ctx: ControllerContext,
    id: string,
    key: string,
    make: () => VipOperator,
    signal: AbortSignal,
  ): void {
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const done = make()
      .run(stop.signal)
      .catch((e: unknown) => ctx.logger.error({ operator: id, error: errorMessage(e) }, 'operator failed'))
      .finally(() => signal.removeEventListener('abort', onAbort));
    this.running.set(id, { key, stop, done });
  }

  private async stopOne(id: string): Promise<void> {
    const r = this.running.get(id);
    if (!r) return;
    r.stop.abort();
    await r.done; // a second caller (the shutdown hook) waits for the same release
    if (this.running.get(id) === r) this.running.delete(id);
  }
}
