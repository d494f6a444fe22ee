// One link's side of DHCP exchanges: a UDP socket on the client port that sends requests (broadcast,
// or to the server's address when renewing) and hands over the replies of the current transaction.
// The kernel sends to 255.255.255.255 only with a route for it, so one is added on the link while the
// socket is open, and removed when it closes.
import { createSocket, type Socket } from 'node:dgram';
import type { Logger } from '../../log';
import { errorMessage } from '../../error-message';
import { DHCP_CLIENT_PORT, DHCP_SERVER_PORT, decodeDhcp, messageType, type DhcpMessage } from './dhcp-packet';
import { ip } from './links';

export class DhcpSocket {
  /** The transaction whose replies are taken; others are dropped. */
  xid = 0;
  private queue: DhcpMessage[] = [];
  private wake?: () => void;

  private constructor(
    private readonly sock: Socket,
    private readonly link: string,
    mac: string,
    private readonly logger: Logger,
  ) {
    const chaddr = mac.toLowerCase();
    sock.on('message', (buf) => {
      let m: DhcpMessage;
      try {
        m = decodeDhcp(buf);
      } catch {
        return;
      }
      if (m.op !== 2 || m.xid !== this.xid || m.chaddr !== chaddr) return;
      this.queue.push(m);
      this.wake?.();
    });
    sock.on('error', (e) => logger.warn({ error: e.message }, 'DHCP socket error'));
  }

  static async open(link: string, mac: string, logger: Logger, signal: AbortSignal): Promise<DhcpSocket> {
    await ip(['route', 'replace', ...broadcastRoute(link)], signal);
    const sock = createSocket({ type: 'udp4', reuseAddr: true });
    try {
      await new Promise<void>((resolve, reject) => {
        sock.once('error', reject);
        sock.bind(DHCP_CLIENT_PORT, '0.0.0.0', () => {
          sock.off('error', reject);
          resolve();
        });
      });
      sock.setBroadcast(true);
    } catch (e: unknown) {
      sock.close();
      await removeBroadcastRoute(link, logger);
      throw e;
    }
    return new DhcpSocket(sock, link, mac, logger);
  }

  send(buf: Buffer, to = '255.255.255.255'): Promise<void> {
    return new Promise((resolve, reject) =>
      this.sock.send(buf, DHCP_SERVER_PORT, to, (e) => (e ? reject(e) : resolve())),
    );
  }

  /** The next reply of one of `types` to the current transaction, or undefined after `ms`. */
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
        const t = setTimeout(done, left);
        function done(): void {
          clearTimeout(t);
          signal.removeEventListener('abort', done);
          resolve();
        }
        this.wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
      this.wake = undefined;
    }
  }

  async close(): Promise<void> {
    this.sock.close();
    await removeBroadcastRoute(this.link, this.logger);
  }
}

const broadcastRoute = (link: string): string[] => ['255.255.255.255/32', 'dev', link];

async function removeBroadcastRoute(link: string, logger: Logger): Promise<void> {
  await ip(['route', 'del', ...broadcastRoute(link)]).catch((e: unknown) =>
    logger.warn({ error: errorMessage(e) }, 'removing broadcast route failed'),
  );
}
