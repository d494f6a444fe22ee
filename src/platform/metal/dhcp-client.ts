// A DHCPv4 client over a UDP socket: DISCOVER → OFFER → REQUEST → ACK, broadcast flag set (the link has no
// address yet, so replies must be broadcast). The kernel sends to 255.255.255.255 only with a route for it,
// so one is added on the link for the exchange and removed afterwards. No renewal: the lease is used once.
import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import type { Logger } from '../../log';
import {
  bytesToIp,
  DHCP_CLIENT_PORT,
  DHCP_SERVER_PORT,
  decodeDhcp,
  encodeDhcp,
  ipToBytes,
  leaseFromAck,
  MessageType,
  messageType,
  Opt,
  type DhcpLease,
  type DhcpMessage,
} from './dhcp-packet';
import { ip } from './links';

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

function request(
  xid: number,
  mac: string,
  secs: number,
  type: number,
  extra: [number, Buffer][] = [],
): Buffer {
  const msg: DhcpMessage = {
    op: 1,
    xid,
    secs: Math.min(secs, 0xffff),
    broadcast: true,
    ciaddr: '0.0.0.0',
    yiaddr: '0.0.0.0',
    siaddr: '0.0.0.0',
    giaddr: '0.0.0.0',
    chaddr: mac,
    options: new Map([[Opt.MESSAGE_TYPE, Buffer.from([type])], ...extra, [Opt.PARAM_REQUEST, PARAMS]]),
  };
  return encodeDhcp(msg);
}

/** Replies for our transaction, one at a time. */
class Inbox {
  private queue: DhcpMessage[] = [];
  private wake?: () => void;
  constructor(
    sock: Socket,
    private readonly xid: () => number,
    mac: string,
  ) {
    sock.on('message', (buf) => {
      let m: DhcpMessage;
      try {
        m = decodeDhcp(buf);
      } catch {
        return;
      }
      if (m.op !== 2 || m.xid !== this.xid() || m.chaddr !== mac) return;
      this.queue.push(m);
      this.wake?.();
    });
  }
  /** The next reply of one of `types`, or undefined after `ms`. */
  async next(types: number[], ms: number, signal: AbortSignal): Promise<DhcpMessage | undefined> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.queue.findIndex((m) => types.includes(messageType(m) ?? 0));
      if (i >= 0) return this.queue.splice(i, 1)[0];
      this.queue = [];
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      signal.throwIfAborted();
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        const done = (): void => {
          clearTimeout(t);
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
      this.wake = undefined;
    }
  }
}

/** Runs one DHCP exchange on `link`; resolves to the lease from the ACK, or undefined when nobody answered. */
export async function dhcpAcquire(o: DhcpOptions): Promise<DhcpLease | undefined> {
  const log = o.logger.child({ link: o.link });
  const attempts = o.attempts ?? 4;
  const base = o.timeoutMs ?? 2000;
  const bcastRoute = ['255.255.255.255/32', 'dev', o.link];
  await ip(['route', 'replace', ...bcastRoute], o.signal);
  const sock = createSocket({ type: 'udp4', reuseAddr: true });
  try {
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.bind(DHCP_CLIENT_PORT, '0.0.0.0', () => {
        sock.off('error', reject);
        resolve();
      });
    });
    sock.on('error', (e) => log.warn({ error: e.message }, 'DHCP socket error'));
    sock.setBroadcast(true);
    const start = Date.now();
    let xid = 0;
    const inbox = new Inbox(sock, () => xid, o.mac.toLowerCase());
    const send = (buf: Buffer): Promise<void> =>
      new Promise((resolve, reject) =>
        sock.send(buf, DHCP_SERVER_PORT, '255.255.255.255', (e) => (e ? reject(e) : resolve())),
      );
    for (let round = 0; round < attempts; round++) {
      const wait = base * Math.min(2 ** round, 4);
      xid = randomInt(1, 0xffffffff);
      const secs = Math.floor((Date.now() - start) / 1000);
      log.info({ attempt: round + 1 }, 'DHCP discover');
      await send(request(xid, o.mac, secs, MessageType.DISCOVER));
      const offer = await inbox.next([MessageType.OFFER], wait, o.signal);
      if (!offer) continue;
      const server = offer.options.get(Opt.SERVER_ID);
      log.info({ offered: offer.yiaddr, server: server ? bytesToIp(server) : offer.siaddr }, 'DHCP offer');
      const extra: [number, Buffer][] = [[Opt.REQUESTED_IP, Buffer.from(ipToBytes(offer.yiaddr))]];
      if (server) extra.push([Opt.SERVER_ID, server]);
      await send(request(xid, o.mac, secs, MessageType.REQUEST, extra));
      const reply = await inbox.next([MessageType.ACK, MessageType.NAK], wait, o.signal);
      if (reply && messageType(reply) === MessageType.ACK) return leaseFromAck(reply);
      log.warn({ reply: reply ? 'NAK' : 'none' }, 'DHCP request not acknowledged');
    }
    return undefined;
  } finally {
    sock.close();
    await ip(['route', 'del', ...bcastRoute]).catch((e: unknown) =>
      log.warn({ error: e instanceof Error ? e.message : String(e) }, 'removing broadcast route failed'),
    );
  }
}
