// A DHCPv4 client (RFC 2131) over a UDP socket. `dhcpAcquire`: DISCOVER → OFFER → REQUEST → ACK, with
// the broadcast flag set (the link has no address yet, so replies must be broadcast). `dhcpExtend`: the
// REQUEST of a lease being renewed (to its server) or rebound (broadcast), from the address held.
import { randomInt } from 'node:crypto';
import type { Logger } from '../../log';
import {
  bytesToIp,
  encodeDhcp,
  ipToBytes,
  leaseFromAck,
  MessageType,
  messageType,
  Opt,
  type DhcpLease,
  type DhcpMessage,
} from './dhcp-packet';
import { DhcpSocket } from './dhcp-socket';

export interface DhcpOptions {
  link: string;
  mac: string;
  logger: Logger;
  signal: AbortSignal;
  /** DISCOVER rounds before giving up (default 4). */
  attempts?: number;
  /** Wait for a reply in the first round; doubles each round up to 4× (default 2000 ms). */
  timeoutMs?: number;
}

const REQUESTED = [Opt.SUBNET_MASK, Opt.ROUTER, Opt.DNS, Opt.HOSTNAME, Opt.DOMAIN_NAME, Opt.NTP];
const PARAMS = Buffer.from([...REQUESTED, Opt.LEASE_TIME, Opt.SERVER_ID, Opt.CLASSLESS_ROUTES]);

interface Request {
  xid: number;
  mac: string;
  secs: number;
  type: number;
  extra?: [number, Buffer][];
  /** The address held (renewing or rebinding); replies may then come to it directly. */
  ciaddr?: string;
}

function request(r: Request): Buffer {
  const msg: DhcpMessage = {
    op: 1,
    xid: r.xid,
    secs: Math.min(r.secs, 0xffff),
    broadcast: r.ciaddr === undefined,
    ciaddr: r.ciaddr ?? '0.0.0.0',
    yiaddr: '0.0.0.0',
    siaddr: '0.0.0.0',
    giaddr: '0.0.0.0',
    chaddr: r.mac,
    options: new Map([
      [Opt.MESSAGE_TYPE, Buffer.from([r.type])],
      ...(r.extra ?? []),
      [Opt.PARAM_REQUEST, PARAMS],
    ]),
  };
  return encodeDhcp(msg);
}

/** Runs one DHCP exchange on `link`; resolves to the lease from the ACK, or undefined when nobody answered. */
export async function dhcpAcquire(o: DhcpOptions): Promise<DhcpLease | undefined> {
  const log = o.logger.child({ link: o.link });
  const attempts = o.attempts ?? 4;
  const base = o.timeoutMs ?? 2000;
  const sock = await DhcpSocket.open(o.link, o.mac, log, o.signal);
  try {
    const start = Date.now();
    for (let round = 0; round < attempts; round++) {
      const wait = base * Math.min(2 ** round, 4);
      const xid = (sock.xid = randomInt(1, 0xffffffff));
      const secs = Math.floor((Date.now() - start) / 1000);
      log.info({ attempt: round + 1 }, 'DHCP discover');
      await sock.send(request({ xid, mac: o.mac, secs, type: MessageType.DISCOVER }));
      const offer = await sock.next([MessageType.OFFER], wait, o.signal);
      if (!offer) continue;
      const server = offer.options.get(Opt.SERVER_ID);
      log.info({ offered: offer.yiaddr, server: server ? bytesToIp(server) : offer.siaddr }, 'DHCP offer');
      const extra: [number, Buffer][] = [[Opt.REQUESTED_IP, Buffer.from(ipToBytes(offer.yiaddr))]];
      if (server) extra.push([Opt.SERVER_ID, server]);
      await sock.send(request({ xid, mac: o.mac, secs, type: MessageType.REQUEST, extra }));
      const reply = await sock.next([MessageType.ACK, MessageType.NAK], wait, o.signal);
      if (reply && messageType(reply) === MessageType.ACK) return leaseFromAck(reply);
      log.warn({ reply: reply ? 'NAK' : 'none' }, 'DHCP request not acknowledged');
    }
    return undefined;
  } finally {
    await sock.close();
  }
}

export interface DhcpExtendOptions {
  link: string;
  mac: string;
  logger: Logger;
  signal: AbortSignal;
  /** The lease held. */
  lease: DhcpLease;
  /** Renewing asks the lease's server; rebinding asks any server, by broadcast. */
  mode: 'renew' | 'rebind';
  /** How long to wait for the answer. */
  waitMs: number;
}

/** The server's answer to extending a lease: the new lease (ACK), 'nak', or undefined when none came. */
export async function dhcpExtend(o: DhcpExtendOptions): Promise<DhcpLease | 'nak' | undefined> {
  const sock = await DhcpSocket.open(o.link, o.mac, o.logger, o.signal);
  try {
    const xid = (sock.xid = randomInt(1, 0xffffffff));
    const to = o.mode === 'renew' && o.lease.serverId ? o.lease.serverId : undefined;
    await sock.send(
      request({ xid, mac: o.mac, secs: 0, type: MessageType.REQUEST, ciaddr: o.lease.address }),
      to,
    );
    const reply = await sock.next([MessageType.ACK, MessageType.NAK], o.waitMs, o.signal);
    if (!reply) return undefined;
    return messageType(reply) === MessageType.ACK ? leaseFromAck(reply) : 'nak';
  } finally {
    await sock.close();
  }
}
