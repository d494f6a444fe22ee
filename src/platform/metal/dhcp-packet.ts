// DHCPv4 message encoding/decoding (RFC 2131 / RFC 2132, classless routes RFC 3442).

/** A DHCP message that does not decode (it comes from the network: never trusted). */
export class DhcpFormatError extends Error {
  override readonly name = 'DhcpFormatError';
}

export const DHCP_SERVER_PORT = 67;
export const DHCP_CLIENT_PORT = 68;
const MAGIC = 0x63825363;
const FIXED = 236;

export const MessageType = {
  DISCOVER: 1,
  OFFER: 2,
  REQUEST: 3,
  DECLINE: 4,
  ACK: 5,
  NAK: 6,
  RELEASE: 7,
} as const;

export const Opt = {
  SUBNET_MASK: 1,
  ROUTER: 3,
  DNS: 6,
  HOSTNAME: 12,
  DOMAIN_NAME: 15,
  NTP: 42,
  REQUESTED_IP: 50,
  LEASE_TIME: 51,
  MESSAGE_TYPE: 53,
  SERVER_ID: 54,
  PARAM_REQUEST: 55,
  MAX_SIZE: 57,
  RENEWAL_TIME: 58,
  REBINDING_TIME: 59,
  CLIENT_ID: 61,
  CLASSLESS_ROUTES: 121,
} as const;

export interface DhcpMessage {
  op: 1 | 2; // BOOTREQUEST | BOOTREPLY
  xid: number;
  secs: number;
  broadcast: boolean;
  ciaddr: string;
  yiaddr: string;
  siaddr: string;
  giaddr: string;
  /** Client hardware address, `aa:bb:cc:dd:ee:ff`. */
  chaddr: string;
  /** Options other than pad/end, in order; code → raw value. */
  options: Map<number, Buffer>;
}

export const ipToBytes = (ip: string): number[] => ip.split('.').map(Number);
export const bytesToIp = (b: Uint8Array, off = 0): string => Array.from(b.subarray(off, off + 4)).join('.');
const macToBytes = (mac: string): number[] => mac.split(':').map((x) => parseInt(x, 16));

export function encodeDhcp(m: DhcpMessage): Buffer {
  const opts: number[] = [];
  for (const [code, value] of m.options) {
    // Values longer than 255 bytes are split into consecutive instances (RFC 3396).
    for (let off = 0; off === 0 || off < value.length; off += 255) {
      const part = value.subarray(off, off + 255);
      opts.push(code, part.length, ...part);
    }
  }
  opts.push(255);
  const buf = Buffer.alloc(Math.max(300, FIXED + 4 + opts.length));
  buf[0] = m.op;
  buf[1] = 1; // ethernet
  buf[2] = 6;
  buf.writeUInt32BE(m.xid >>> 0, 4);
  buf.writeUInt16BE(m.secs, 8);
  buf.writeUInt16BE(m.broadcast ? 0x8000 : 0, 10);
  [m.ciaddr, m.yiaddr, m.siaddr, m.giaddr].forEach((a, i) => buf.set(ipToBytes(a), 12 + i * 4));
  buf.set(macToBytes(m.chaddr), 28);
  buf.writeUInt32BE(MAGIC, FIXED);
  buf.set(opts, FIXED + 4);
  return buf;
}

export function decodeDhcp(buf: Buffer): DhcpMessage {
  if (buf.length < FIXED + 4) throw new DhcpFormatError(`DHCP message too short (${buf.length} bytes)`);
  if (buf.readUInt32BE(FIXED) !== MAGIC) throw new DhcpFormatError('DHCP message without magic cookie');
  const op = buf[0];
  if (op !== 1 && op !== 2) throw new DhcpFormatError(`DHCP message with bad op ${op}`);
  const hlen = Math.min(buf[2] ?? 6, 16);
  const options = new Map<number, Buffer>();
  for (let i = FIXED + 4; i < buf.length;) {
    const code = buf[i++] ?? 255;
    if (code === 0) continue;
    if (code === 255) break;
    const len = buf[i++];
    if (len === undefined || i + len > buf.length) throw new DhcpFormatError(`DHCP option ${code} truncated`);
    const value = buf.subarray(i, i + len);
    const prev = options.get(code);
    options.set(code, prev ? Buffer.concat([prev, value]) : Buffer.from(value));
    i += len;
  }
  return {
    op,
    xid: buf.readUInt32BE(4),
    secs: buf.readUInt16BE(8),
    broadcast: (buf.readUInt16BE(10) & 0x8000) !== 0,
    ciaddr: bytesToIp(buf, 12),
    yiaddr: bytesToIp(buf, 16),
    siaddr: bytesToIp(buf, 20),
    giaddr: bytesToIp(buf, 24),
    chaddr: Array.from(buf.subarray(28, 28 + hlen), (b) => b.toString(16).padStart(2, '0')).join(':'),
    options,
  };
}

export const messageType = (m: DhcpMessage): number | undefined => m.options.get(Opt.MESSAGE_TYPE)?.[0];

export interface DhcpRoute {
  destination: string; // CIDR
  gateway: string; // 0.0.0.0 = on-link
}

export interface DhcpLease {
  address: string;
  prefix: number;
  /** The default gateway: from classless routes when present (RFC 3442 says routers are then ignored), else the first router. */
  gateway?: string;
  routes: DhcpRoute[];
  dns: string[];
  ntp: string[];
  hostname?: string;
  domain?: string;
  leaseSeconds?: number;
  /** T1 and T2 (RFC 2131 4.4.5), when the server gives them. */
  renewalSeconds?: number;
  rebindingSeconds?: number;
  serverId?: string;
}

const ipList = (b: Buffer | undefined): string[] => {
  const out: string[] = [];
  for (let i = 0; b && i + 4 <= b.length; i += 4) out.push(bytesToIp(b, i));
  return out;
};

function maskToPrefix(mask: string): number {
  return ipToBytes(mask).reduce((n, o) => n + o.toString(2).replace(/0/g, '').length, 0);
}

/** Without a subnet mask option, the address class decides (as Go's net.IP.DefaultMask). */
function classfulPrefix(ip: string): number {
  const first = ipToBytes(ip)[0] ?? 0;
  return first < 128 ? 8 : first < 192 ? 16 : 24;
}

export function decodeClasslessRoutes(b: Buffer): DhcpRoute[] {
  const routes: DhcpRoute[] = [];
  for (let i = 0; i < b.length;) {
    const width = b[i++] ?? 0;
    if (width > 32) throw new DhcpFormatError(`classless route with prefix /${width}`);
    const sig = Math.ceil(width / 8);
    if (i + sig + 4 > b.length) throw new DhcpFormatError('classless route option truncated');
    const dst = [0, 0, 0, 0];
    for (let k = 0; k < sig; k++) dst[k] = b[i + k] ?? 0;
    i += sig;
    routes.push({ destination: `${dst.join('.')}/${width}`, gateway: bytesToIp(b, i) });
    i += 4;
  }
  return routes;
}

export function encodeClasslessRoutes(routes: DhcpRoute[]): Buffer {
  const out: number[] = [];
  for (const r of routes) {
    const [dst = '0.0.0.0', w = '0'] = r.destination.split('/');
    const width = Number(w);
    out.push(width, ...ipToBytes(dst).slice(0, Math.ceil(width / 8)), ...ipToBytes(r.gateway));
  }
  return Buffer.from(out);
}

/** A DNS name (RFC 1123 labels, at most 253 characters). */
const DNS_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

export function leaseFromAck(m: DhcpMessage): DhcpLease {
  const o = m.options;
  const mask = o.get(Opt.SUBNET_MASK);
  const classless = o.get(Opt.CLASSLESS_ROUTES);
  const routes = classless ? decodeClasslessRoutes(classless) : [];
  // Names go into /etc/hosts and the kernel's hostname: only what a DNS name may hold is taken.
  const name = (b: Buffer | undefined): string | undefined => {
    const s = b?.toString('latin1').replace(/\0+$/, '');
    return s !== undefined && DNS_NAME.test(s) ? s : undefined;
  };
  const seconds = (b: Buffer | undefined): number | undefined =>
    b && b.length === 4 ? b.readUInt32BE(0) : undefined;
  const server = o.get(Opt.SERVER_ID);
  return {
    address: m.yiaddr,
    prefix: mask && mask.length === 4 ? maskToPrefix(bytesToIp(mask)) : classfulPrefix(m.yiaddr),
    gateway: classless
      ? routes.find((r) => r.destination === '0.0.0.0/0')?.gateway
      : ipList(o.get(Opt.ROUTER))[0],
    routes: routes.filter((r) => r.destination !== '0.0.0.0/0'),
    dns: ipList(o.get(Opt.DNS)),
    ntp: ipList(o.get(Opt.NTP)),
    hostname: name(o.get(Opt.HOSTNAME)),
    domain: name(o.get(Opt.DOMAIN_NAME)),
    leaseSeconds: seconds(o.get(Opt.LEASE_TIME)),
    renewalSeconds: seconds(o.get(Opt.RENEWAL_TIME)),
    rebindingSeconds: seconds(o.get(Opt.REBINDING_TIME)),
    serverId: server && server.length === 4 ? bytesToIp(server) : undefined,
  };
}
