// The kernel's socket tables, /proc/net/{tcp,tcp6,udp,udp6,udplite,udplite6,raw,raw6}: one line per
// socket, addresses as hex words in the kernel's byte order. Read as nberlee/go-netstat reads them for
// Talos: a table that cannot be read or has a malformed line contributes nothing.
import { readFile } from 'node:fs/promises';
import { formatIp, type IpBytes } from './ip-format';

export const SOCKET_TABLES = ['tcp', 'tcp6', 'udp', 'udp6', 'udplite', 'udplite6', 'raw', 'raw6'] as const;
export type SocketTable = (typeof SOCKET_TABLES)[number];

export interface Endpoint {
  readonly ip: IpBytes;
  readonly port: number;
}

export interface SocketEntry {
  readonly table: SocketTable;
  readonly local: Endpoint;
  readonly remote: Endpoint;
  /** The kernel's TCP state number (1 ESTABLISHED … 10 LISTEN, 11 CLOSING; 7 CLOSE for idle UDP). */
  readonly state: number;
  readonly txQueue: bigint;
  readonly rxQueue: bigint;
  /** 0 off, 1 on, 2 keepalive, 3 TIME_WAIT, 4 zero-window probe. */
  readonly timerActive: number;
  /** Jiffies until the timer fires. */
  readonly timerWhen: bigint;
  readonly retransmits: bigint;
  readonly uid: number;
  readonly timeout: bigint;
  readonly inode: bigint;
  readonly ref: bigint;
  readonly pointer: bigint;
}

/** An address word: 8 hex digits per 32-bit word, each word in little-endian byte order. */
function parseIp(hex: string): IpBytes | undefined {
  if ((hex.length !== 8 && hex.length !== 32) || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let w = 0; w < hex.length / 8; w++) {
    const word = parseInt(hex.slice(w * 8, w * 8 + 8), 16);
    for (let b = 0; b < 4; b++) out[w * 4 + b] = (word >>> (8 * b)) & 0xff;
  }
  return out;
}

function parseEndpoint(s: string): Endpoint | undefined {
  const [addr, port] = s.split(':');
  const ip = addr === undefined ? undefined : parseIp(addr);
  if (!ip || port === undefined || !/^[0-9A-Fa-f]{1,4}$/.test(port)) return undefined;
  return { ip, port: parseInt(port, 16) };
}

const HEX = /^[0-9A-Fa-f]+$/;
const DEC = /^\d+$/;
const hex = (s: string): bigint => BigInt(`0x${s}`);

function parseLine(table: SocketTable, line: string): SocketEntry | undefined {
  const f = line.trim().split(/\s+/);
  if (f.length < 12 || !/^\d+:$/.test(f[0]!)) return undefined;
  const local = parseEndpoint(f[1]!);
  const remote = parseEndpoint(f[2]!);
  const [tx, rx] = f[4]!.split(':');
  const [tr, when] = f[5]!.split(':');
  const hexes = [f[3], tx, rx, when, f[6], f[11]];
  const decimals = [tr, f[7], f[8], f[9], f[10]];
  if (!local || !remote || hexes.some((s) => !s || !HEX.test(s)) || decimals.some((s) => !s || !DEC.test(s)))
    return undefined;
  return {
    table,
    local,
    remote,
    state: parseInt(f[3]!, 16),
    txQueue: hex(tx!),
    rxQueue: hex(rx!),
    timerActive: Number(tr),
    timerWhen: hex(when!),
    retransmits: hex(f[6]!),
    uid: Number(f[7]),
    timeout: BigInt(f[8]!),
    inode: BigInt(f[9]!),
    ref: BigInt(f[10]!),
    pointer: hex(f[11]!),
  };
}

/** The entries of one table's text (its header line first); undefined when a line is malformed. */
export function parseSocketTable(table: SocketTable, text: string): SocketEntry[] | undefined {
  const out: SocketEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    if (line.trim() === '') continue;
    const entry = parseLine(table, line);
    if (!entry) return undefined;
    out.push(entry);
  }
  return out;
}

/** A table of the namespace of `/proc/net` (or `/proc/<pid>/net`), empty when it cannot be read. */
export async function readSocketTable(netDir: string, table: SocketTable): Promise<SocketEntry[]> {
  let text: string;
  try {
    text = await readFile(`${netDir}/${table}`, 'latin1');
  } catch {
    return [];
  }
  return parseSocketTable(table, text) ?? [];
}

/** Whether an address is 0.0.0.0 or :: (or ::ffff:0.0.0.0). */
export function isUnspecified(ip: IpBytes): boolean {
  const text = formatIp(ip);
  return text === '0.0.0.0' || text === '::';
}
