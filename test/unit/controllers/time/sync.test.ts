// time.SyncController over MemoryState with the real controller runtime, against Debian's chronyd on
// loopback; the clock it sets is recorded, never the host's. TimeServerStatus is written by the test
// (never the default public server: no query may leave loopback).
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TimeSyncController, type TimeSyncOptions } from '../../../../controllers/time/sync';
import { parseMachineConfig } from '../../../../src/config';
import type { ClockAdjustment } from '../../../../src/ntp/syncer';
import {
  MachineConfigDefinition,
  type MachineConfigSpec,
} from '../../../../src/resources/config/machine-config';
import {
  TimeServerStatusDefinition,
  type TimeServerStatusSpec,
} from '../../../../src/resources/network/time-server-status';
import { TIME_STATUS, type TimeStatusSpec } from '../../../../src/resources/time/time-status';
import { startChrony, startSilentServer, type RunningChrony } from '../../../harness/chrony';
import { harness, settle, waitFor, type Harness } from '../../controller-runtime/helpers';

const WORKER = readFileSync(new URL('../../../fixtures/config/worker.yaml', import.meta.url), 'utf8');
const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: 'v1alpha1' };
const SERVERS = { namespace: 'network', type: TimeServerStatusDefinition.type, id: 'timeservers' };
const HOUR = 3_600_000;
const withTime = (yaml: string) =>
  WORKER.replace('    type: worker\n', `    type: worker\n    time:\n${yaml}`);

let h: Harness;
let chrony: RunningChrony;
beforeAll(async () => {
  chrony = await startChrony('127.0.0.1', { stratum: 8 });
});
afterAll(async () => chrony?.stop());
afterEach(() => h?.shutdown());

async function start(servers: string[], opts: Omit<TimeSyncOptions, 'syncer'>, config = WORKER, skewMs = 0) {
  h = harness();
  await h.state.modify<MachineConfigSpec>(CONFIG, () => ({ config: parseMachineConfig(config) }));
  await h.state.modify<TimeServerStatusSpec>(SERVERS, () => ({ timeServers: servers }));
  h.runtime.register(
    new TimeSyncController({
      ...opts,
      syncer: {
        minPollMs: 50,
        maxPollMs: 200,
        retryPollMs: 20,
        queryTimeoutMs: 200,
        now: () => Date.now() + skewMs,
      },
    }),
  );
  h.start();
}

const status = (want: Partial<TimeStatusSpec>) =>
  waitFor(
    async () => {
      const r = await h.state.get<TimeStatusSpec>(TIME_STATUS).catch(() => undefined);
      return r && Object.entries(want).every(([k, v]) => r.spec[k as keyof TimeStatusSpec] === v)
        ? r.spec
        : undefined;
    },
    `time status ${JSON.stringify(want)}`,
  );

function recorder() {
  const adjustments: ClockAdjustment[] = [];
  return { adjustments, adjustClock: async (a: ClockAdjustment) => void adjustments.push(a) };
}

describe('time.SyncController', () => {
  it('leaves the clock to the host in a container: synced, sync disabled, nothing queried', async () => {
    const clock = recorder();
    await start([chrony.server], { platform: 'container', adjustClock: clock.adjustClock });
    expect(await status({ synced: true })).toEqual({ synced: true, epoch: 0, syncDisabled: true });
    await settle(200);
    expect(clock.adjustments).toEqual([]);
  });

  it('does not sync where it cannot set the clock', async () => {
    await start([chrony.server], { platform: 'metal' });
    expect(await status({ synced: true })).toEqual({ synced: true, epoch: 0, syncDisabled: true });
  });

  it('syncs a clock an hour off: synced after the jump, one epoch change', async () => {
    const clock = recorder();
    await start([chrony.server], { platform: 'metal', adjustClock: clock.adjustClock }, WORKER, HOUR);
    const s = await status({ synced: true });
    expect(s.syncDisabled).toBe(false);
    expect(await status({ epoch: 1 })).toEqual({ synced: true, epoch: 1, syncDisabled: false });
    expect(clock.adjustments[0]!.jump).toBe(true);
    expect(Math.abs(clock.adjustments[0]!.offsetMs + HOUR)).toBeLessThan(100);
  });

  it('is not synced while no server answers, until the boot timeout passes', async () => {
    const silent = await startSilentServer('127.0.0.1');
    try {
      const clock = recorder();
      await start(
        [silent.server],
        { platform: 'metal', adjustClock: clock.adjustClock },
        withTime('        bootTimeout: 1s\n'),
      );
      expect(await status({ synced: false })).toEqual({ synced: false, epoch: 0, syncDisabled: false });
      await settle(500);
      expect((await h.state.get<TimeStatusSpec>(TIME_STATUS)).spec.synced).toBe(false);
      await status({ synced: true });
      expect(clock.adjustments).toEqual([]);
    } finally {
      await silent.stop();
    }
  });

  it('stops syncing when the config turns sync off', async () => {
    const clock = recorder();
    await start([chrony.server], { platform: 'metal', adjustClock: clock.adjustClock });
    await status({ synced: true, syncDisabled: false });
    await h.state.modify<MachineConfigSpec>(CONFIG, () => ({
      config: parseMachineConfig(withTime('        disabled: true\n')),
    }));
    await status({ syncDisabled: true });
    const seen = clock.adjustments.length;
    await settle(300);
    expect(clock.adjustments.length).toBe(seen);
  });

  it('follows new servers from the TimeServerStatus', async () => {
    const silent = await startSilentServer('127.0.0.1');
    try {
      const clock = recorder();
      await start([silent.server], { platform: 'metal', adjustClock: clock.adjustClock });
      await status({ synced: false });
      await h.state.modify<TimeServerStatusSpec>(SERVERS, () => ({ timeServers: [chrony.server] }));
      await status({ synced: true });
      expect(clock.adjustments[0]!.server).toBe(chrony.server);
    } finally {
      await silent.stop();
    }
  });
});
