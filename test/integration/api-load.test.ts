// Load on one configured node (container mode, mTLS through apid on 127.0.0.185): 200 follow streams
// (100 `Logs` of apid, 100 `Dmesg`) held open while 500 unary calls a second are made, for
// TALOS_TS_LOAD_SECONDS (15 here in the integration tier; `make load-test` runs the 60 s of issue 17).
// Every call and stream must end without an error; every stream must still deliver at the end. The
// lines are this test's own: every few seconds a marker goes into the kernel's log (/dev/kmsg, needs
// root) and into apid's log (apid logs each call with its metadata, where a marker call carries it),
// and every stream must show every marker. The agent's peak RSS (VmHWM) must stay under a bound
// derived from its idle RSS (see RSS_PER_STREAM). Figures are printed as one JSON line; the call
// latencies are figures only (timings are for `npm run bench`).
import { readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { tmpdir } from 'node:os';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { TestClient } from '../harness/client';
import { applyAndConnect, generateConfig, type GeneratedConfig } from '../harness/configured';

const ADDRESS = '127.0.0.185';
const SECONDS = Number(process.env['TALOS_TS_LOAD_SECONDS'] ?? 15);
const LOG_STREAMS = 100;
const DMESG_STREAMS = 100;
const RATE = 500;
/** Connections the streams and calls are spread over (as several talosctl would open). */
const CONNECTIONS = 8;
/** A marker round every so many seconds. */
const ROUND_SECONDS = 5;
/**
 * The memory a follow stream may hold at most: one batch of a log source, which is at most the ring
 * buffer's capacity (1 MiB, src/system/logs/ring-buffer.ts); a Dmesg follower holds one kernel record
 * at a time. So the peak may exceed the idle RSS by at most this for each stream.
 */
const RSS_PER_STREAM = 1 << 20;
const M = '/machine.MachineService/';
/** The unary calls, in turn: what `talosctl dashboard` polls, and Version. */
const UNARY = [
  'Version',
  'LoadAvg',
  'Memory',
  'SystemStat',
  'CPUFreqStats',
  'CPUInfo',
  'NetworkDeviceStats',
  'DiskStats',
  'ServiceList',
  'Hostname',
];

interface Data {
  bytes?: Buffer;
  metadata?: { error?: string } | null;
}

let agent: Agent;
let stateDir: string;
let genDir: string;
let gen: GeneratedConfig;
const clients: TestClient[] = [];

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('this test writes to /dev/kmsg, which needs root');
  stateDir = await makeStateDir();
  genDir = await mkdtemp(join(tmpdir(), 'talos-ts-load-'));
  gen = generateConfig(genDir, 'load', ADDRESS);
  agent = startAgent(ADDRESS, stateDir);
  await agent.waitReady();
  clients.push(await applyAndConnect(ADDRESS, gen.controlPlane, gen.adminTLS));
  for (let i = 1; i < CONNECTIONS; i++)
    clients.push(new TestClient(ADDRESS, gen.adminTLS, { 'grpc.use_local_subchannel_pool': 1 }));
});

afterAll(async () => {
  for (const c of clients) c.close();
  await agent?.stop();
  await removeDir(stateDir);
  await removeDir(genDir);
});

/** A field of /proc/<pid>/status in bytes (VmRSS, VmHWM). */
function statusBytes(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(m[1]) * 1024;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const MARKER = /talos-ts-load-[0-9a-f-]{36}-r(\d+)/g;

/** One follow stream: the marker rounds it has shown, and its messages. */
class Follower {
  readonly rounds = new Set<number>();
  messages = 0;
  errors: string[] = [];
  constructor(readonly name: string) {}

  take(d: Data): void {
    this.messages++;
    if (d.metadata?.error) this.errors.push(d.metadata.error);
    const text = d.bytes?.toString('latin1') ?? '';
    if (!text.includes('talos-ts-load-')) return;
    for (const m of text.matchAll(MARKER)) this.rounds.add(Number(m[1]));
  }
}

/**
 * Waits until no follower is `missing` something, as long as the streams make progress: fails once no
 * stream has received a message for `stallSeconds` (a stall, not a slow delivery), naming the streams
 * still missing it.
 */
async function until(
  missing: () => Follower[],
  followers: readonly Follower[],
  what: string,
  stallSeconds = 15,
): Promise<void> {
  let seen = -1;
  let still = 0;
  for (;;) {
    const left = missing();
    if (left.length === 0) return;
    const now = followers.reduce((n, f) => n + f.messages, 0);
    still = now === seen ? still + 1 : 0;
    seen = now;
    if (still >= stallSeconds * 10)
      throw new Error(
        `${what}: no message on any stream for ${stallSeconds} s; still missing on ${left.length}: ${left
          .map((f) => `${f.name} (${f.messages} messages)`)
          .join(', ')}`,
      );
    await sleep(100);
  }
}

describe('load', () => {
  it(
    `${LOG_STREAMS + DMESG_STREAMS} follow streams and ${RATE} unary calls/s for ${SECONDS} s: no error, every stream delivering, RSS bounded`,
    { timeout: (SECONDS + 180) * 1000 },
    async () => {
      const run = randomUUID();
      const marker = (round: number): string => `talos-ts-load-${run}-r${round}`;
      const abort = new AbortController();
      setMaxListeners(0, abort.signal); // one listener per stream
      const followers: Follower[] = [];
      const streamErrors: string[] = [];
      const streams: Promise<void>[] = [];
      const idleRss = statusBytes(agent.pid, 'VmRSS');

      for (let i = 0; i < LOG_STREAMS + DMESG_STREAMS; i++) {
        const logs = i < LOG_STREAMS;
        const f = new Follower(logs ? `Logs#${i}` : `Dmesg#${i - LOG_STREAMS}`);
        followers.push(f);
        const client = clients[i % CONNECTIONS]!;
        const req = logs
          ? { namespace: 'system', id: 'apid', follow: true, tail_lines: 1 }
          : { follow: true, tail: i % 2 === 0 };
        streams.push(
          client
            .follow<Data>(`${M}${logs ? 'Logs' : 'Dmesg'}`, req, (d) => f.take(d), abort.signal)
            .catch((e: unknown) => void streamErrors.push(`${f.name}: ${String(e)}`)),
        );
      }

      // a marker round: into the kernel's log, and into apid's log through a call carrying it
      const markRound = async (round: number): Promise<void> => {
        writeFileSync('/dev/kmsg', `<6>${marker(round)}\n`);
        const md = new grpc.Metadata();
        md.set('x-talos-ts-load', marker(round));
        await clients[0]!.unary(`${M}Version`, {}, md);
      };
      // every stream established: each has shown round 0
      // every stream established: each has shown round 0. A stream from the tail shows only what is
      // written after the agent subscribed it, which the client cannot see: round 0 is written again
      // until every stream has shown it (bounded).
      const opening = performance.now();
      for (;;) {
        await markRound(0);
        const missing = followers.filter((f) => !f.rounds.has(0));
        if (missing.length === 0) break;
        if (performance.now() - opening > 120_000)
          throw new Error(`streams not established in 120 s: ${missing.map((f) => f.name).join(', ')}`);
        await sleep(500);
      }
      const establishSeconds = (performance.now() - opening) / 1000;

      const latencies: number[] = [];
      const callErrors: string[] = [];
      const calls: Promise<void>[] = [];
      let issued = 0;
      let peakRss = idleRss;
      const started = performance.now();
      const end = started + SECONDS * 1000;
      let round = 0;
      let nextRound = started + ROUND_SECONDS * 1000;
      const markErrors: Promise<void>[] = [];
      // open loop: calls are issued on schedule whether or not earlier ones have been answered
      while (performance.now() < end) {
        const due = Math.floor(((performance.now() - started) / 1000) * RATE);
        for (; issued < due; issued++) {
          const method = UNARY[issued % UNARY.length]!;
          const client = clients[issued % CONNECTIONS]!;
          const t0 = performance.now();
          calls.push(
            client.unary(`${M}${method}`, {}).then(
              () => void latencies.push(performance.now() - t0),
              (e: unknown) => void callErrors.push(`${method}: ${String(e)}`),
            ),
          );
        }
        if (performance.now() >= nextRound) {
          round++;
          nextRound += ROUND_SECONDS * 1000;
          markErrors.push(
            markRound(round).catch((e: unknown) => void callErrors.push(`marker: ${String(e)}`)),
          );
        }
        peakRss = Math.max(peakRss, statusBytes(agent.pid, 'VmRSS'));
        await sleep(10);
      }
      const elapsed = (performance.now() - started) / 1000;
      await Promise.all(calls);
      const answeredBy = (performance.now() - started) / 1000;
      // the final round: every stream must still deliver it
      round++;
      await markRound(round);
      await Promise.all(markErrors);
      const last = round;
      await until(
        () => followers.filter((f) => !f.rounds.has(last)),
        followers,
        'every stream shows the last marker',
      ).catch((e: unknown) => {
        abort.abort();
        throw e;
      });
      const hwm = statusBytes(agent.pid, 'VmHWM');
      peakRss = Math.max(peakRss, statusBytes(agent.pid, 'VmRSS'));
      abort.abort();
      await Promise.all(streams);

      latencies.sort((a, b) => a - b);
      const figures = {
        load: 'api.follow+unary',
        seconds: SECONDS,
        streams: followers.length,
        streams_established_s: Number(establishSeconds.toFixed(1)),
        unary_issued: issued,
        unary_answered: latencies.length,
        unary_per_s_issued: Math.round(issued / elapsed),
        unary_per_s_answered: Math.round(latencies.length / answeredBy),
        unary_p50_ms: Number(percentile(latencies, 50).toFixed(1)),
        unary_p99_ms: Number(percentile(latencies, 99).toFixed(1)),
        stream_messages: followers.reduce((n, f) => n + f.messages, 0),
        rounds: last + 1,
        idle_rss_mib: Math.round(idleRss / 2 ** 20),
        peak_rss_sampled_mib: Math.round(peakRss / 2 ** 20),
        vm_hwm_mib: Math.round(hwm / 2 ** 20),
        bound_mib: Math.round((idleRss + followers.length * RSS_PER_STREAM) / 2 ** 20),
      };
      console.log(JSON.stringify(figures));

      expect(callErrors.slice(0, 5), `${callErrors.length} calls failed`).toEqual([]);
      expect(streamErrors.slice(0, 5), `${streamErrors.length} streams failed`).toEqual([]);
      expect(issued).toBeGreaterThanOrEqual(Math.floor(SECONDS * RATE * 0.99));
      expect(latencies).toHaveLength(issued);
      for (const f of followers) {
        expect(f.errors, `${f.name}: errors sent in the stream`).toEqual([]);
        const missing = Array.from({ length: last + 1 }, (_, r) => r).filter((r) => !f.rounds.has(r));
        expect(missing, `${f.name}: marker rounds not delivered`).toEqual([]);
      }
      expect(hwm).toBeLessThan(idleRss + followers.length * RSS_PER_STREAM);
      expect(agent.output()).not.toMatch(/unhandled|TypeError|heap out of memory/i);
    },
  );
});
