// SNTP queries against Debian's chronyd on loopback: the offset of our clock (also when the test moves
// it by an hour), an unsynchronized server refused, a closed port and a silent server each a clear
// error within the timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NTPQueryError,
  NTPValidationError,
  parseServer,
  querySNTP,
  validateSNTP,
} from '../../../src/ntp/sntp-client';
import { freeUdpPort, startChrony, startSilentServer, type RunningChrony } from '../../harness/chrony';
import { thrown } from '../../harness/thrown';

const HOUR = 3_600_000;

describe('SNTP client against chronyd', () => {
  let synced: RunningChrony;
  let unsynced: RunningChrony;
  beforeAll(async () => {
    synced = await startChrony('127.0.0.1', { stratum: 8 });
    unsynced = await startChrony('127.0.0.1');
  });
  afterAll(async () => {
    await synced?.stop();
    await unsynced?.stop();
  });

  it('measures a near-zero offset against a server serving this clock', async () => {
    const before = Date.now();
    const r = await querySNTP(synced.server);
    expect(r.stratum).toBe(8);
    expect(r.leap).toBe('none');
    expect(Math.abs(r.clockOffsetMs)).toBeLessThan(50);
    expect(r.rttMs).toBeGreaterThanOrEqual(0);
    expect(r.time).toBeGreaterThanOrEqual(before - 50);
    expect(r.time).toBeLessThanOrEqual(Date.now() + 50);
    expect(() => validateSNTP(r)).not.toThrow();
  });

  it('measures the offset of a clock an hour ahead', async () => {
    const r = await querySNTP(synced.server, { now: () => Date.now() + HOUR });
    expect(r.clockOffsetMs).toBeGreaterThan(-HOUR - 50);
    expect(r.clockOffsetMs).toBeLessThan(-HOUR + 50);
  });

  it('refuses the answer of a server that is not synchronized', async () => {
    const r = await querySNTP(unsynced.server);
    expect(r.leap).toBe('not-in-sync');
    expect(r.stratum).toBe(0);
    const e = thrown(() => validateSNTP(r));
    expect(e).toBeInstanceOf(NTPValidationError);
    expect((e as Error).message).toBe('server is not synchronized (stratum 0)');
    expect((e as NTPValidationError).kissOfDeath).toBe(false);
  });

  it('reports a closed port as connection refused', async () => {
    const port = await freeUdpPort('127.0.0.1');
    const e = await querySNTP(`127.0.0.1:${port}`).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NTPQueryError);
    expect((e as Error).message).toBe(`read udp 127.0.0.1:${port}: connection refused`);
  });

  it('gives up on a silent server after its timeout', async () => {
    const silent = await startSilentServer('127.0.0.1');
    try {
      const started = Date.now();
      const e = await querySNTP(silent.server, { timeoutMs: 300 }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(NTPQueryError);
      expect((e as Error).message).toContain('i/o timeout');
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      await silent.stop();
    }
  });

  it('stops at once when cancelled', async () => {
    const silent = await startSilentServer('127.0.0.1');
    try {
      const abort = new AbortController();
      const pending = querySNTP(silent.server, { timeoutMs: 60_000, signal: abort.signal }).catch(
        (x: unknown) => x,
      );
      abort.abort();
      const e = await pending;
      expect((e as Error).message).toBe(`query to ${silent.server} cancelled`);
    } finally {
      await silent.stop();
    }
  });
});

describe('NTP server addresses', () => {
  it.each([
    ['time.example', { host: 'time.example', port: 123 }],
    ['127.0.0.1:1123', { host: '127.0.0.1', port: 1123 }],
    ['::1', { host: '::1', port: 123 }],
    ['[::1]:1123', { host: '::1', port: 1123 }],
    ['[fd00::1]', { host: 'fd00::1', port: 123 }],
  ])('%s', (text, want) => expect(parseServer(text)).toEqual(want));

  it('refuses a bad port', () => {
    expect(() => parseServer('127.0.0.1:99999')).toThrow(
      'invalid port in NTP server address "127.0.0.1:99999"',
    );
    expect(() => parseServer('127.0.0.1:x')).toThrow(NTPQueryError);
  });
});
