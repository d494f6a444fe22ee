// time.SyncController: keeps the clock in sync with the servers of the TimeServerStatus and publishes
// TimeStatus (id "node"). On the container platform the host owns the clock: as Talos, nothing is
// queried or set, and the time counts as synced with `syncDisabled`. The same holds wherever the agent
// is given no way to set the clock (`adjustClock`): it never queries servers it could not act on. The
// config may turn sync off too (`machine.time.disabled`, TimeSyncConfig `enabled: false`). Otherwise the
// time is synced after the first good adjustment, or once the config's boot timeout has passed since
// the agent started.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { getOptional } from '../../src/controller-runtime';
import { NTPSyncer, type AdjustClock, type SyncerOptions } from '../../src/ntp/syncer';
import { timeSyncSettings } from '../../src/ntp/time-sync-config';
import { MACHINE_CONFIG, machineConfigOf } from '../../src/resources/config/machine-config';
import { NETWORK_NAMESPACE } from '../../src/resources/network/config-layer';
import { TIME_SERVER_ID } from '../../src/resources/network/time-server-spec';
import {
  TimeServerStatusDefinition,
  type TimeServerStatusSpec,
} from '../../src/resources/network/time-server-status';
import { TIME_STATUS, TimeStatusDefinition, type TimeStatusSpec } from '../../src/resources/time/time-status';

const TIME_SERVERS = {
  namespace: NETWORK_NAMESPACE,
  type: TimeServerStatusDefinition.type,
  id: TIME_SERVER_ID,
};

export interface TimeSyncOptions {
  /** The platform ("container": the host owns the clock). */
  readonly platform: string;
  /** Sets the system clock; without it the node does not sync (as in a container). */
  readonly adjustClock?: AdjustClock;
  /** When the agent started (Unix ms), for the boot timeout. */
  readonly bootTime?: number;
  /** Overrides for the syncer (tests: poll intervals, a moved clock). */
  readonly syncer?: Partial<
    Omit<SyncerOptions, 'servers' | 'adjust' | 'logger' | 'onSynced' | 'onEpochChange'>
  >;
}

export class TimeSyncController implements Controller {
  readonly name = 'time.SyncController';
  private readonly bootTime: number;

  constructor(private readonly o: TimeSyncOptions) {
    this.bootTime = o.bootTime ?? Date.now();
  }

  inputs() {
    return [
      { ...TIME_SERVERS, kind: 'weak' as const },
      { ...MACHINE_CONFIG, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [
      { type: TimeStatusDefinition.type, namespace: TIME_STATUS.namespace, kind: 'exclusive' as const },
    ];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    let syncer: { syncer: NTPSyncer; abort: AbortController; done: Promise<void> } | undefined;
    let synced = false;
    let epoch = 0;
    let timeout: NodeJS.Timeout | undefined;
    const stopSyncer = async (): Promise<void> => {
      if (!syncer) return;
      syncer.abort.abort();
      await syncer.done;
      syncer = undefined;
    };
    try {
      while (await ctx.nextEvent(signal)) {
        const servers = await getOptional<TimeServerStatusSpec>(ctx, TIME_SERVERS);
        if (!servers) continue;
        const settings = timeSyncSettings(await machineConfigOf(ctx));
        const adjust = this.o.platform === 'container' ? undefined : this.o.adjustClock;
        const disabled = adjust === undefined || settings?.disabled === true;
        const bootTimeoutMs = settings?.bootTimeoutMs ?? 0;

        if (disabled) await stopSyncer();
        else if (!syncer) {
          synced = false;
          const abort = new AbortController();
          const s = new NTPSyncer({
            ...this.o.syncer,
            servers: servers.spec.timeServers,
            adjust,
            logger: ctx.logger,
            onSynced: () => {
              synced = true;
              ctx.queueReconcile();
            },
            onEpochChange: () => {
              epoch++;
              ctx.queueReconcile();
            },
          });
          syncer = { syncer: s, abort, done: s.run(abort.signal) };
        }
        syncer?.syncer.setServers(servers.spec.timeServers);

        if (!synced && timeout === undefined && bootTimeoutMs > 0) {
          const left = this.bootTime + bootTimeoutMs - Date.now();
          if (left <= 0) synced = true;
          else
            timeout = setTimeout(() => {
              if (!synced) ctx.logger.info('time sync boot timeout reached, considering the time synced');
              synced = true;
              ctx.queueReconcile();
            }, left);
        }

        const status: TimeStatusSpec = { synced: disabled || synced, epoch, syncDisabled: disabled };
        await ctx.modify<TimeStatusSpec>(TIME_STATUS, () => status);
        ctx.resetBackoff();
      }
    } finally {
      clearTimeout(timeout);
      await stopSyncer();
    }
  }
}
