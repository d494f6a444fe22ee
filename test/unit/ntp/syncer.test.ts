// The sync loop against Debian's chronyd on loopback, with the clock it adjusts recorded instead of set
// (the host's clock is never touched): a clock an hour off jumps and counts as an epoch change, a close
// one is slewed, a dead server is passed over for the next, new servers take effect at once.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NTPSyncer, type ClockAdjustment } from '../../../src/ntp/syncer';
import { startChrony, startSilentServer, type RunningChrony } from '../../harness/chrony';
import { eventually } from '../../harness/eventually';

const HOUR = 3_600_000;
const FAST = { minPollMs: 50, maxPollMs: 400, retryPollMs: 20, queryTimeoutMs: 300 };

function run(servers: string[], skewMs: number) {
  const adjustments: ClockAdjustment[] = [];
  let synced = 0;
  let epochs = 0;
  const abort = new AbortController();
  const syncer = new NTPSyncer({
    ...FAST,
    servers,
    logger: pino({ level: 'silent' }),
    now: () => Date.now() + skewMs,
    adjust: async (a) => {
      adjustments.push(a);
    },
    onSynced: () => synced++,
    onEpochChange: () => epochs++,
  });
  const done = syncer.run(abort.signal);
  return {
    syncer,
    adjustments,
    synced: () => synced,
    epochs: () => epochs,
    stop: async () => {
      abort.abort();
      await done;
    },
  };
}

describe('NTP syncer against chronyd', () => {
  let chrony: RunningChrony;
  beforeAll(async () => {
    chrony = await startChrony('127.0.0.1', { stratum: 8 });
  });
  afterAll(async () => chrony?.stop());

  it('jumps a clock an hour ahead, once synced, as an epoch change', async () => {
    const s = run([chrony.server], HOUR);
    try {
      await eventually(async () => expect(s.adjustments.length).toBeGreaterThanOrEqual(2));
      const first = s.adjustments[0]!;
      expect(first.jump).toBe(true);
      expect(first.server).toBe(chrony.server);
      expect(Math.abs(first.offsetMs + HOUR)).toBeLessThan(100);
      expect(s.synced()).toBe(1);
      expect(s.epochs()).toBeGreaterThanOrEqual(1);
    } finally {
      await s.stop();
    }
  });

  it('slews a clock that is close, and polls less often while it stays close', async () => {
    const s = run([chrony.server], 0);
    try {
      await eventually(async () => expect(s.adjustments.length).toBeGreaterThanOrEqual(4));
      expect(s.adjustments.every((a) => !a.jump)).toBe(true);
      expect(s.epochs()).toBe(0);
      expect(s.synced()).toBe(1);
      const polls = s.adjustments.map((a) => a.pollIntervalMs);
      expect(polls[0]).toBe(FAST.minPollMs);
      expect(Math.max(...polls)).toBeGreaterThan(FAST.minPollMs);
    } finally {
      await s.stop();
    }
  });

  it('passes over a silent server to the next one', async () => {
    const silent = await startSilentServer('127.0.0.1');
    const s = run([silent.server, chrony.server], 0);
    try {
      await eventually(async () => expect(s.adjustments.length).toBeGreaterThanOrEqual(1));
      expect(s.adjustments[0]!.server).toBe(chrony.server);
    } finally {
      await s.stop();
      await silent.stop();
    }
  });

  it('never syncs with only a dead server, and syncs at once when given a good one', async () => {
    const silent = await startSilentServer('127.0.0.1');
    const s = run([silent.server], 0);
    try {
      await new Promise((r) => setTimeout(r, 800));
      expect(s.adjustments).toEqual([]);
      expect(s.synced()).toBe(0);
      s.syncer.setServers([chrony.server]);
      await eventually(async () => expect(s.synced()).toBe(1));
      expect(s.adjustments[0]!.server).toBe(chrony.server);
    } finally {
      await s.stop();
      await silent.stop();
    }
  });

  it('does not count as synced while the clock cannot be set', async () => {
    const abort = new AbortController();
    let tries = 0;
    let synced = false;
    const syncer = new NTPSyncer({
      ...FAST,
      servers: [chrony.server],
      logger: pino({ level: 'silent' }),
      adjust: async () => {
        tries++;
        throw new Error('operation not permitted');
      },
      onSynced: () => (synced = true),
    });
    const done = syncer.run(abort.signal);
    await eventually(async () => expect(tries).toBeGreaterThanOrEqual(2));
    abort.abort();
    await done;
    expect(synced).toBe(false);
  });
});
