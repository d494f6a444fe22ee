// The shape of Talos's network spec controllers: make the kernel match the merged specs of one type in
// `network`. A spec in effect gets this controller's finalizer; one tearing down is taken out of the
// kernel, then let go. The pass runs again on every kernel change, and a little later after a failure.
// Where the agent may not change the kernel (the host's namespace on the container platform) it only
// says so, once, and holds nothing.
import type { Controller, ControllerContext } from '../../controller-runtime';
import { WakeTimer } from '../../controller-runtime';
import type { Resource } from '../../state';
import type { NetworkKernel } from '../kernel/kernel';
import { NETWORK_NAMESPACE } from '../../resources/network/config-layer';
import { KernelChanges } from './kernel-changes';

const RETRY_MS = 2_000;

export abstract class KernelSpecController<Spec> implements Controller {
  abstract readonly name: string;

  constructor(
    private readonly type: string,
    protected readonly kernel: NetworkKernel,
  ) {}

  /** Makes the kernel match `running`, and takes `leaving` out; returns the ids that are out of the kernel. */
  protected abstract sync(
    running: readonly Resource<Spec>[],
    leaving: readonly Resource<Spec>[],
    changes: KernelChanges,
    signal: AbortSignal,
  ): Promise<Set<string>>;

  inputs() {
    return [{ namespace: NETWORK_NAMESPACE, type: this.type, kind: 'strong' as const }];
  }

  outputs() {
    return [];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const changes = new KernelChanges(ctx.logger);
    const retry = new WakeTimer(ctx);
    if (this.kernel.mutable) this.kernel.watch(() => ctx.queueReconcile(), signal);
    let told = false;
    try {
      while (await ctx.nextEvent(signal)) {
        if (!this.kernel.mutable) {
          if (!told) ctx.logger.info('not changing the network: the agent shares the host network namespace');
          told = true;
          continue;
        }
        const specs = await ctx.list<Spec>({ namespace: NETWORK_NAMESPACE, type: this.type });
        const running = specs.filter((r) => r.metadata.phase === 'running');
        const leaving = specs.filter((r) => r.metadata.phase !== 'running');
        for (const r of running) await ctx.addFinalizer(r.metadata, this.name);
        changes.begin();
        const removed = await this.sync(running, leaving, changes, signal);
        for (const r of leaving)
          if (removed.has(r.metadata.id)) await ctx.removeFinalizer(r.metadata, this.name);
        if (changes.failed) retry.at(Date.now() + RETRY_MS);
        ctx.resetBackoff();
      }
    } finally {
      retry.clear();
    }
  }
}
