// Keeps a DHCP lease for as long as the agent runs (RFC 2131 4.4.5). From T1 (half the lease, unless
// the server gave it) the lease's server is asked to renew it; from T2 (7/8 of the lease) any server,
// by broadcast. Each request waits for half the time left in its step, at least a minute, never past
// the step. An ACK extends the lease; a NAK, or the lease running out, takes the address off the link,
// and a new lease is acquired, retried until one comes.
import type { Logger } from '../../log';
import { errorMessage } from '../../error-message';
import { dhcpAcquire, dhcpExtend } from './dhcp-client';
import type { DhcpLease } from './dhcp-packet';
import { sleep } from './links';
import { applyLease, removeLease } from './network-up';

export interface LeaseKeeperOptions {
  link: string;
  mac: string;
  logger: Logger;
  signal: AbortSignal;
  /** The pause between acquisitions that got no lease (default 10 s). */
  retryMs?: number;
}

/** The lease time that means "forever". */
const INFINITE = 0xffffffff;
const MIN_WAIT_MS = 60_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

type Extension = { lease: DhcpLease; at: number; mode: 'renew' | 'rebind' } | { lost: 'NAK' | 'expired' };

/** Resolves when the signal fires, or when the lease never expires. */
export async function keepLease(first: DhcpLease, o: LeaseKeeperOptions): Promise<void> {
  const log = o.logger.child({ link: o.link });
  let lease = first;
  let since = Date.now();
  try {
    for (;;) {
      if (lease.leaseSeconds === undefined || lease.leaseSeconds === INFINITE) {
        log.info({ address: lease.address }, 'DHCP lease does not expire');
        return;
      }
      const ext = await extend(lease, since, o, log);
      if ('lease' in ext) {
        if (ext.lease.address === lease.address) {
          // The address and its settings stay; only the lease's times and server are new.
          const { leaseSeconds, renewalSeconds, rebindingSeconds, serverId } = ext.lease;
          lease = {
            ...lease,
            leaseSeconds,
            renewalSeconds,
            rebindingSeconds,
            serverId: serverId ?? lease.serverId,
          };
        } else {
          await removeAddress(lease, o, log);
          await adopt(lease, ext.lease, o, log);
          lease = ext.lease;
        }
        since = ext.at;
        log.info(
          { address: lease.address, lease: lease.leaseSeconds, server: lease.serverId },
          ext.mode === 'renew' ? 'DHCP lease renewed' : 'DHCP lease rebound',
        );
        continue;
      }
      log.warn({ address: lease.address, reason: ext.lost }, 'DHCP lease lost; acquiring a new one');
      await removeAddress(lease, o, log);
      const next = await acquire(o, log);
      await adopt(lease, next, o, log);
      lease = next;
      since = Date.now();
    }
  } catch (e: unknown) {
    if (o.signal.aborted) return;
    throw e;
  }
}

async function extend(
  lease: DhcpLease,
  since: number,
  o: LeaseKeeperOptions,
  log: Logger,
): Promise<Extension> {
  const seconds = lease.leaseSeconds!;
  const t1 = since + (lease.renewalSeconds ?? seconds * 0.5) * 1000;
  const t2 = since + (lease.rebindingSeconds ?? seconds * 0.875) * 1000;
  const end = since + seconds * 1000;
  // Timers hold at most about 24.8 days; long leases wait in steps.
  while (Date.now() < t1) await sleep(Math.min(t1 - Date.now(), MAX_TIMER_MS), o.signal);
  for (;;) {
    const at = Date.now();
    if (at >= end) return { lost: 'expired' };
    const mode = at < t2 ? 'renew' : 'rebind';
    const left = (mode === 'renew' ? t2 : end) - at;
    const waitMs = Math.min(left, Math.max(left / 2, MIN_WAIT_MS), MAX_TIMER_MS);
    let answer: DhcpLease | 'nak' | undefined;
    try {
      answer = await dhcpExtend({
        link: o.link,
        mac: o.mac,
        logger: log,
        signal: o.signal,
        lease,
        mode,
        waitMs,
      });
    } catch (e: unknown) {
      o.signal.throwIfAborted();
      log.warn({ mode, error: errorMessage(e) }, 'DHCP request failed');
      await sleep(waitMs, o.signal);
    }
    if (answer === 'nak') return { lost: 'NAK' };
    if (answer) return { lease: answer, at, mode };
  }
}

/** A new lease by DISCOVER, retried until one comes. */
async function acquire(o: LeaseKeeperOptions, log: Logger): Promise<DhcpLease> {
  for (;;) {
    try {
      const lease = await dhcpAcquire({ link: o.link, mac: o.mac, logger: o.logger, signal: o.signal });
      if (lease) return lease;
      log.warn('no DHCP lease; trying again');
    } catch (e: unknown) {
      o.signal.throwIfAborted();
      log.warn({ error: errorMessage(e) }, 'DHCP failed; trying again');
    }
    await sleep(o.retryMs ?? 10_000, o.signal);
  }
}

async function removeAddress(lease: DhcpLease, o: LeaseKeeperOptions, log: Logger): Promise<void> {
  await removeLease(o.link, lease, o.signal).catch((e: unknown) =>
    log.warn({ address: lease.address, error: errorMessage(e) }, 'removing the address failed'),
  );
}

/** Puts the lease that follows `old` (whose address is off the link) on the link. */
async function adopt(old: DhcpLease, next: DhcpLease, o: LeaseKeeperOptions, log: Logger): Promise<void> {
  await applyLease(o.link, next, o.signal);
  if (next.address !== old.address)
    log.warn(
      { old: old.address, address: next.address },
      'the DHCP address changed; the API keeps listening on the old one until the node reboots',
    );
  else log.info({ address: next.address, lease: next.leaseSeconds }, 'DHCP lease');
}
