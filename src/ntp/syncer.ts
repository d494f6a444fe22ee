// The time sync loop: query the servers (the one that answered last first, else each address of each
// server in turn), hand a good measurement to the clock, and poll again after an interval that grows
// while the clock stays close and shrinks when it drifts. Offsets beyond AdjustTimeLimit jump the
// clock, smaller ones are slewed; an offset beyond EpochLimit is an epoch change (certificates and
// leases judged by the old clock are suspect). The first good adjustment marks the time as synced.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { errorMessage } from '../error-message';
import type { Logger } from '../log';
import {
  NTPValidationError,
  parseServer,
  querySNTP,
  validateSNTP,
  type LeapIndicator,
  type QueryOptions,
  type SNTPResponse,
} from './sntp-client';

export const MIN_POLL_MS = 32_000;
export const MAX_POLL_MS = 2_048_000;
/** The retry interval after no server answered (not a kiss of death: maybe the network is not up yet). */
export const RETRY_POLL_MS = 1_000;
/** Offsets up to this are slewed, larger ones jump the clock. */
export const ADJUST_TIME_LIMIT_MS = 400;
/** An adjustment larger than this is an epoch change. */
export const EPOCH_LIMIT_MS = 15 * 60_000;
/** The accuracy the poll interval aims at. */
export const EXPECTED_ACCURACY_MS = 200;

/** One change to the system clock. */
export interface ClockAdjustment {
  readonly offsetMs: number;
  /** Set the clock at once (true) or slew it gradually. */
  readonly jump: boolean;
  readonly leap: LeapIndicator;
  /** The next poll interval, which sets the kernel PLL's time constant when slewing. */
  readonly pollIntervalMs: number;
  readonly server: string;
}

export type AdjustClock = (adjustment: ClockAdjustment) => Promise<void>;

export interface SyncerOptions {
  readonly servers: readonly string[];
  readonly adjust: AdjustClock;
  readonly logger: Logger;
  /** The first good adjustment. */
  readonly onSynced?: () => void;
  /** An adjustment beyond EPOCH_LIMIT_MS. */
  readonly onEpochChange?: () => void;
  /** Our clock (Unix ms); tests move it. */
  readonly now?: () => number;
  readonly query?: (server: string, options: QueryOptions) => Promise<SNTPResponse>;
  readonly minPollMs?: number;
  readonly maxPollMs?: number;
  readonly retryPollMs?: number;
  readonly queryTimeoutMs?: number;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((s, i) => s === b[i]);

export class NTPSyncer {
  private servers: readonly string[];
  private lastServer = '';
  private synced = false;
  private wake: (() => void) | undefined;
  private restartPending = false;
  private readonly minPoll: number;
  private readonly maxPoll: number;
  private readonly retryPoll: number;

  constructor(private readonly o: SyncerOptions) {
    this.servers = [...o.servers];
    this.minPoll = o.minPollMs ?? MIN_POLL_MS;
    this.maxPoll = o.maxPollMs ?? MAX_POLL_MS;
    this.retryPoll = o.retryPollMs ?? RETRY_POLL_MS;
  }

  /** New servers: forget the last good one and query again at once. */
  setServers(servers: readonly string[]): void {
    if (sameList(servers, this.servers)) return;
    this.servers = [...servers];
    this.lastServer = '';
    this.restartPending = true;
    this.wake?.();
  }

  /** Runs until the signal fires. */
  async run(signal: AbortSignal): Promise<void> {
    let poll = 0;
    while (!signal.aborted) {
      this.restartPending = false;
      const { server, response, kissOfDeath } = await this.measure(signal);
      if (signal.aborted) return;
      poll = this.nextPoll(poll, response, kissOfDeath);
      if (response && server) await this.apply(response, server, poll);
      if (this.restartPending) continue;
      await this.sleep(poll, signal);
    }
  }

  private nextPoll(poll: number, r: SNTPResponse | undefined, kissOfDeath: boolean): number {
    if (!r) {
      if (!kissOfDeath) return this.retryPoll;
      return poll < this.minPoll ? this.minPoll : Math.min(poll * 2, this.maxPoll);
    }
    const offset = Math.abs(r.clockOffsetMs);
    let next = poll;
    if (poll === 0) next = this.minPoll;
    else if (offset > EXPECTED_ACCURACY_MS) next = this.minPoll;
    else if (offset < EXPECTED_ACCURACY_MS * 0.25) next = Math.min(poll * 2, this.maxPoll);
    else if (offset > EXPECTED_ACCURACY_MS * 0.75) next = Math.max(poll / 2, this.minPoll);
    return Math.max(next, this.minPoll);
  }

  private async apply(r: SNTPResponse, server: string, pollIntervalMs: number): Promise<void> {
    const jump = Math.abs(r.clockOffsetMs) > ADJUST_TIME_LIMIT_MS;
    const adjustment: ClockAdjustment = {
      offsetMs: r.clockOffsetMs,
      jump,
      leap: r.leap,
      pollIntervalMs,
      server,
    };
    try {
      await this.o.adjust(adjustment);
    } catch (e: unknown) {
      this.o.logger.warn(
        { server, offsetMs: r.clockOffsetMs, error: errorMessage(e) },
        'error adjusting time',
      );
      return;
    }
    const how = jump ? 'jump' : 'slew';
    const first = !this.synced;
    if (jump || first)
      this.o.logger.info({ offsetMs: r.clockOffsetMs, server }, `adjusting time (${how}) via ${server}`);
    if (Math.abs(r.clockOffsetMs) > EPOCH_LIMIT_MS) this.o.onEpochChange?.();
    if (first) {
      this.synced = true;
      this.o.onSynced?.();
    }
  }

  /** One good measurement, or why there is none. */
  private async measure(
    signal: AbortSignal,
  ): Promise<{ server?: string; response?: SNTPResponse; kissOfDeath: boolean }> {
    let kissOfDeath = false;
    let failed = '';
    if (this.lastServer) {
      const r = await this.queryOne(this.lastServer, signal);
      if (r.response) return { server: this.lastServer, response: r.response, kissOfDeath: false };
      kissOfDeath = r.kissOfDeath;
      failed = this.lastServer;
      this.lastServer = '';
    }
    for (const candidate of await this.addresses(signal)) {
      if (signal.aborted || this.restartPending) break;
      if (candidate === failed) continue;
      const r = await this.queryOne(candidate, signal);
      if (r.response) {
        this.lastServer = candidate;
        return { server: candidate, response: r.response, kissOfDeath: false };
      }
      kissOfDeath ||= r.kissOfDeath;
    }
    return { kissOfDeath };
  }

  private async queryOne(
    server: string,
    signal: AbortSignal,
  ): Promise<{ response?: SNTPResponse; kissOfDeath: boolean }> {
    const query = this.o.query ?? querySNTP;
    try {
      const response = await query(server, { now: this.o.now, signal, timeoutMs: this.o.queryTimeoutMs });
      validateSNTP(response);
      return { response, kissOfDeath: false };
    } catch (e: unknown) {
      if (!signal.aborted)
        this.o.logger.error({ error: errorMessage(e) }, `time query error with server "${server}"`);
      return { kissOfDeath: e instanceof NTPValidationError && e.kissOfDeath };
    }
  }

  /** Each configured server as the addresses its name resolves to (the port kept). */
  private async addresses(signal: AbortSignal): Promise<string[]> {
    const out: string[] = [];
    for (const server of this.servers) {
      if (signal.aborted) break;
      let host: string;
      let port: number;
      try {
        ({ host, port } = parseServer(server));
      } catch (e: unknown) {
        this.o.logger.error({ error: errorMessage(e) }, `failed looking up "${server}", ignored`);
        continue;
      }
      const withPort = (a: string): string =>
        port === 123 ? a : isIP(a) === 6 ? `[${a}]:${port}` : `${a}:${port}`;
      if (isIP(host)) {
        out.push(withPort(host));
        continue;
      }
      try {
        for (const a of await lookup(host, { all: true })) out.push(withPort(a.address));
      } catch (e: unknown) {
        this.o.logger.error({ error: errorMessage(e) }, `failed looking up "${server}", ignored`);
      }
    }
    return out;
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }
}
