// One SNTP exchange (RFC 4330 over RFC 5905's packet): a client packet to `host[:port]` (123 when the
// port is left out), the server's answer checked the way a careful client does (it answers our request,
// it comes from a server that is synchronized, with sane timestamps), and the clock offset and round
// trip computed from the four timestamps. Every query ends: an answer, an error, or its timeout.
import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { randomBytes } from 'node:crypto';

/** Seconds from the NTP era 0 (1900-01-01) to the Unix epoch. */
const NTP_UNIX_OFFSET = 2_208_988_800;
const PACKET_SIZE = 48;
const NTP_VERSION = 4;
const MODE_CLIENT = 3;
const MODE_SERVER = 4;
const MODE_BROADCAST = 5;
/** A server whose clock was last set longer ago than this (about 36 h, RFC 5905's MAXPOLL) is stale. */
const MAX_FRESHNESS_MS = 2 ** 17 * 1000;
/** Root distance beyond which a server's time is worthless (RFC 5905's MAXDISP). */
const MAX_ROOT_DISTANCE_MS = 16_000;
export const DEFAULT_QUERY_TIMEOUT_MS = 5_000;

export type LeapIndicator = 'none' | 'add-second' | 'delete-second' | 'not-in-sync';
const LEAPS: readonly LeapIndicator[] = ['none', 'add-second', 'delete-second', 'not-in-sync'];

/** What one exchange measured; times in milliseconds (fractions kept). */
export interface SNTPResponse {
  /** The server's time when it sent the answer, as Unix ms. */
  readonly time: number;
  /** How far our clock is behind the server's (add it to our clock). */
  readonly clockOffsetMs: number;
  readonly rttMs: number;
  readonly stratum: number;
  readonly leap: LeapIndicator;
  readonly rootDelayMs: number;
  readonly rootDispersionMs: number;
  readonly referenceTime: number;
  /** The reference ID as text: the four-letter kiss code when the stratum is 0. */
  readonly kissCode: string;
}

/** The query itself failed (no answer, refused, a malformed answer). */
export class NTPQueryError extends Error {
  override readonly name = 'NTPQueryError';
}

/** The server answered, but its answer must not be used; `kissOfDeath` says the server wants us to slow down. */
export class NTPValidationError extends Error {
  override readonly name = 'NTPValidationError';
  constructor(
    message: string,
    readonly kissOfDeath = false,
  ) {
    super(message);
  }
}

export interface QueryOptions {
  /** Our clock (Unix ms); the syncer's tests move it. */
  readonly now?: () => number;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address into host and port. */
export function parseServer(server: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (bracketed) return { host: bracketed[1] ?? '', port: portOf(server, bracketed[2]) };
  if (isIP(server) === 6) return { host: server, port: 123 };
  const at = server.lastIndexOf(':');
  if (at < 0) return { host: server, port: 123 };
  return { host: server.slice(0, at), port: portOf(server, server.slice(at + 1)) };
}

function portOf(server: string, text: string | undefined): number {
  if (text === undefined) return 123;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535)
    throw new NTPQueryError(`invalid port in NTP server address "${server}"`);
  return port;
}

const readTimestamp = (b: Buffer, at: number): number =>
  (b.readUInt32BE(at) - NTP_UNIX_OFFSET) * 1000 + (b.readUInt32BE(at + 4) / 2 ** 32) * 1000;
/** NTP short format (16.16 seconds) in ms. */
const readShort = (b: Buffer, at: number): number => (b.readUInt32BE(at) / 2 ** 16) * 1000;

/** Sends one client packet to `server` and measures the clock offset from the answer. */
export async function querySNTP(server: string, options: QueryOptions = {}): Promise<SNTPResponse> {
  const now = options.now ?? Date.now;
  const { host, port } = parseServer(server);
  if (host === '') throw new NTPQueryError(`invalid NTP server address "${server}"`);
  const address = isIP(host) ? host : await resolve(host);
  const family = isIP(address) === 6 ? 'udp6' : 'udp4';

  // The transmit timestamp goes out as random bits (as RFC 9109 advises): the answer must echo them
  // as its origin timestamp, and our real send time stays private.
  const cookie = randomBytes(8);
  const request = Buffer.alloc(PACKET_SIZE);
  request[0] = (NTP_VERSION << 3) | MODE_CLIENT;
  cookie.copy(request, 40);

  const socket = createSocket(family);
  try {
    const answer = await exchange(socket, request, address, port, server, options);
    return parseAnswer(answer.packet, cookie, answer.sentAt, answer.receivedAt, server);
  } finally {
    socket.close();
  }

  async function resolve(name: string): Promise<string> {
    try {
      return (await lookup(name)).address;
    } catch (e: unknown) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      throw new NTPQueryError(`lookup ${name}: ${code === 'ENOTFOUND' ? 'no such host' : code}`);
    }
  }

  function exchange(
    s: Socket,
    packet: Buffer,
    addr: string,
    p: number,
    name: string,
    o: QueryOptions,
  ): Promise<{ packet: Buffer; sentAt: number; receivedAt: number }> {
    const timeoutMs = o.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    return new Promise((resolveAnswer, reject) => {
      let sentAt = 0;
      const fail = (e: Error): void => {
        cleanup();
        reject(e);
      };
      const timer = setTimeout(
        () =>
          fail(
            new NTPQueryError(
              `read udp ${addr}:${p}: i/o timeout (no answer from ${name} in ${timeoutMs} ms)`,
            ),
          ),
        timeoutMs,
      );
      const onAbort = (): void => fail(new NTPQueryError(`query to ${name} cancelled`));
      o.signal?.addEventListener('abort', onAbort, { once: true });
      function cleanup(): void {
        clearTimeout(timer);
        o.signal?.removeEventListener('abort', onAbort);
        s.removeAllListeners('message');
      }
      s.on('error', (e: NodeJS.ErrnoException) =>
        fail(
          new NTPQueryError(
            `read udp ${addr}:${p}: ${e.code === 'ECONNREFUSED' ? 'connection refused' : e.message}`,
          ),
        ),
      );
      s.on('message', (msg, from) => {
        // Anything not from the server we asked, or not echoing our cookie, is not our answer.
        if (from.address !== addr || from.port !== p) return;
        if (msg.length >= PACKET_SIZE && !msg.subarray(24, 32).equals(packet.subarray(40, 48))) return;
        const receivedAt = now();
        cleanup();
        resolveAnswer({ packet: msg, sentAt, receivedAt });
      });
      if (o.signal?.aborted) return onAbort();
      // connect() makes the kernel report ICMP port-unreachable as ECONNREFUSED instead of a silent wait.
      s.connect(p, addr, () => {
        sentAt = now();
        s.send(packet, (e) => {
          if (e) fail(new NTPQueryError(`write udp ${addr}:${p}: ${e.message}`));
        });
      });
    });
  }
}

function parseAnswer(b: Buffer, cookie: Buffer, t1: number, t4: number, server: string): SNTPResponse {
  if (b.length < PACKET_SIZE)
    throw new NTPQueryError(`invalid answer from ${server}: ${b.length} bytes, want at least ${PACKET_SIZE}`);
  const first = b[0] ?? 0;
  const mode = first & 7;
  if (mode !== MODE_SERVER && mode !== MODE_BROADCAST)
    throw new NTPQueryError(`invalid mode ${mode} in answer from ${server}`);
  if (!b.subarray(24, 32).equals(cookie))
    throw new NTPQueryError(`answer from ${server} does not match the query`);
  const t2 = readTimestamp(b, 32);
  const t3 = readTimestamp(b, 40);
  if (b.readUInt32BE(40) === 0 && b.readUInt32BE(44) === 0)
    throw new NTPValidationError(`invalid transmit time in answer from ${server}`);
  const response: SNTPResponse = {
    leap: LEAPS[first >> 6] ?? 'none',
    stratum: b[1] ?? 0,
    rootDelayMs: readShort(b, 4),
    rootDispersionMs: readShort(b, 8),
    kissCode: b.subarray(12, 16).toString('latin1').replace(/\0+$/, ''),
    referenceTime: readTimestamp(b, 16),
    time: t3,
    clockOffsetMs: (t2 - t1 + (t3 - t4)) / 2,
    rttMs: Math.max(0, t4 - t1 - (t3 - t2)),
  };
  return response;
}

/** Throws NTPValidationError when an answer must not be used to set a clock. */
export function validateSNTP(r: SNTPResponse): void {
  // Stratum 0 with a kiss code (RATE, DENY, …) is a kiss-o'-death; without one, a server that has no time.
  if (r.stratum === 0 && /^[A-Z]{4}$/.test(r.kissCode))
    throw new NTPValidationError(`kiss of death received: ${r.kissCode}`, true);
  if (r.stratum === 0) throw new NTPValidationError('server is not synchronized (stratum 0)');
  if (r.stratum >= 16) throw new NTPValidationError(`invalid stratum ${r.stratum} in response`);
  if (r.leap === 'not-in-sync') throw new NTPValidationError('server is not synchronized (leap indicator 3)');
  if (r.time - r.referenceTime > MAX_FRESHNESS_MS) throw new NTPValidationError('server clock not fresh');
  if (r.rootDelayMs / 2 + r.rootDispersionMs > MAX_ROOT_DISTANCE_MS)
    throw new NTPValidationError('invalid dispersion');
  if (r.time < r.referenceTime) throw new NTPValidationError('invalid time reported');
}
