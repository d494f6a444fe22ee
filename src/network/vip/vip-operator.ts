// The shared layer-2 virtual IP of control planes: an election in etcd per address. The winner holds a
// lease and a key (`/talos/vip/<ip>`, its name as value), puts the address on the link and announces it
// (gratuitous ARP; for IPv6 the kernel's unsolicited neighbour advertisement). It lets go on a graceful
// stop (address off, then the lease revoked, so another takes over at once), when it cannot renew its
// lease in time, and when the key names another node.
//
// No two owners: etcd ends a lease no sooner than TTL after the last keep-alive it answered; the holder
// counts its own deadline from the moment it *sent* that keep-alive and drops the address a safety margin
// before it. Another node can only create the key after the lease ended, so the two never overlap.
// Failover after a crash: the lease's TTL (etcd's minimum, 2 s with its default timing) plus etcd's expiry
// check (up to 0.5 s) plus one poll (0.1 s). A shorter TTL would need etcd's heartbeat shortened for the
// whole cluster; a longer one only slows failover. Talos keeps 15 s leases and waits up to a minute.
import { writeFile } from 'node:fs/promises';
import type { Logger } from '../../log';
import type { EtcdLeaseClient } from '../../etcd/lease-client';
import { isIPv6 } from '../netip';
import type { NetworkKernel } from '../kernel/kernel';
import { errorMessage } from '../../error-message';

/** The lease TTL asked for; etcd raises it to its minimum (2 s with default heartbeat and election). */
export const VIP_LEASE_TTL_SECONDS = 2;
/** Keep-alive period: four chances per TTL. */
export const VIP_RENEW_MS = 500;
/** How long before the lease could end the holder drops the address. */
export const VIP_SAFETY_MARGIN_MS = 300;
/** How often a follower looks whether the key is free. */
export const VIP_POLL_MS = 100;

export interface VipOperatorOptions {
  readonly ip: string;
  readonly link: string;
  /** This node's name, the key's value. */
  readonly node: string;
  readonly kernel: NetworkKernel;
  readonly etcd: EtcdLeaseClient;
  readonly logger: Logger;
  readonly now?: () => number;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, Math.max(ms, 0));
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export class VipOperator {
  private lease: string | undefined;
  /** The time (ms) by which the address must be off the link unless the lease was renewed. */
  private deadline = 0;
  private held = false;
  private readonly now: () => number;
  readonly key: string;

  constructor(private readonly o: VipOperatorOptions) {
    this.now = o.now ?? Date.now;
    this.key = `/talos/vip/${o.ip}`;
  }

  private get prefix(): string {
    return `${this.o.ip}/${isIPv6(this.o.ip) ? 128 : 32}`;
  }

  /** Campaigns until `signal`; then lets go gracefully. */
  async run(signal: AbortSignal): Promise<void> {
    const log = this.o.logger;
    await this.removeAddress(); // left over from an agent that died while the machine lived on
    while (!signal.aborted) {
      try {
        if (this.held) await this.renew(signal);
        else await this.campaign(signal);
      } catch (e: unknown) {
        if (signal.aborted) break;
        log.debug({ vip: this.o.ip, error: errorMessage(e) }, 'VIP election step failed');
        if (this.held && this.now() >= this.deadline)
          await this.release('lease could not be renewed in time', false);
        await sleep(VIP_POLL_MS, signal);
      }
    }
    if (this.held) await this.release('shutting down', true);
    this.o.etcd.close();
  }

  private async campaign(signal: AbortSignal): Promise<void> {
    const current = await this.o.etcd.getKey(this.key, { signal, timeoutMs: 1_000 });
    if (current) {
      await sleep(VIP_POLL_MS, signal);
      return;
    }
    const sent = this.now();
    const { id, ttl } = await this.o.etcd.leaseGrant(VIP_LEASE_TTL_SECONDS, { signal, timeoutMs: 1_000 });
    const won = await this.o.etcd.createIfAbsent(this.key, this.o.node, id, { signal, timeoutMs: 1_000 });
    if (!won || signal.aborted) {
      await this.o.etcd.leaseRevoke(id, { timeoutMs: 1_000 }).catch(() => undefined);
      return;
    }
    this.lease = id;
    this.deadline = sent + ttl * 1000 - VIP_SAFETY_MARGIN_MS;
    if (this.now() >= this.deadline) {
      await this.release('won too late to hold the address', true);
      return;
    }
    // IPv6: the kernel announces the address itself (unsolicited neighbour advertisement) once told to.
    if (isIPv6(this.o.ip))
      await writeFile(`/proc/sys/net/ipv6/conf/${this.o.link}/ndisc_notify`, '1').catch(() => undefined);
    await this.o.kernel.ip(
      ['address', 'replace', this.prefix, 'dev', this.o.link, ...(isIPv6(this.o.ip) ? ['nodad'] : [])],
      { signal },
    );
    this.held = true;
    this.o.logger.info({ vip: this.o.ip, link: this.o.link }, 'enabled shared IP');
    await this.o.kernel
      .announce(this.o.link, this.o.ip, signal)
      .catch((e: unknown) =>
        this.o.logger.warn({ vip: this.o.ip, error: errorMessage(e) }, 'announcing the shared IP failed'),
      );
  }

  /** One keep-alive round, and the key still ours; sleeps until the next round (never past the deadline). */
  private async renew(signal: AbortSignal): Promise<void> {
    const lease = this.lease!;
    const left = this.deadline - this.now();
    if (left <= 0) return this.release('lease could not be renewed in time', false);
    const sent = this.now();
    const ttl = await this.o.etcd.leaseKeepAliveOnce(lease, { signal, timeoutMs: Math.max(left, 50) });
    if (ttl <= 0) return this.release('lease expired', false);
    this.deadline = sent + ttl * 1000 - VIP_SAFETY_MARGIN_MS;
    const kv = await this.o.etcd.getKey(this.key, {
      signal,
      timeoutMs: Math.max(this.deadline - this.now(), 50),
    });
    if (!kv || kv.value.toString() !== this.o.node || kv.lease !== lease)
      return this.release(`the key is ${kv ? `held by ${kv.value.toString()}` : 'gone'}`, false);
    await sleep(Math.min(VIP_RENEW_MS, this.deadline - this.now()), signal);
  }

  /** Takes the address off the link first, then (when etcd is reachable) gives the key up. */
  private async release(reason: string, revoke: boolean): Promise<void> {
    await this.removeAddress();
    this.held = false;
    this.o.logger.info({ vip: this.o.ip, reason }, 'removed shared IP');
    const lease = this.lease;
    this.lease = undefined;
    if (revoke && lease) await this.o.etcd.leaseRevoke(lease, { timeoutMs: 1_000 }).catch(() => undefined);
  }

  private async removeAddress(): Promise<void> {
    await this.o.kernel.ip(['address', 'del', this.prefix, 'dev', this.o.link]).catch(() => undefined); // not there
  }
}
