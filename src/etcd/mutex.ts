// An etcd mutex as etcd's concurrency package makes one (what Talos's etcd.WithLock uses): a session
// lease kept alive while held, a key `<prefix>/<lease id in hex>` created under it, and the lock held
// once no key under the prefix was created before ours. Releasing deletes the key and revokes the lease.
import { sleep } from '../system/health';
import type { EtcdLeaseClient } from './lease-client';

export interface MutexOptions {
  /** The session lease's TTL in seconds (etcd's default session: 60). */
  readonly ttlSeconds?: number;
  /** How often the keys ahead of ours are looked at while waiting. */
  readonly pollMs?: number;
  readonly signal: AbortSignal;
}

/** Runs `fn` while holding the mutex `prefix`. */
export async function withEtcdMutex<T>(
  etcd: EtcdLeaseClient,
  prefix: string,
  fn: () => Promise<T>,
  opts: MutexOptions,
): Promise<T> {
  const { signal } = opts;
  const ttl = opts.ttlSeconds ?? 60;
  const lease = await etcd.leaseGrant(ttl, { signal });
  const key = `${prefix}/${BigInt(lease.id).toString(16)}`;
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  // The lease lives while the holder does.
  const keepAlive = (async () => {
    while (await sleep((lease.ttl * 1000) / 3, stop.signal)) {
      try {
        await etcd.leaseKeepAliveOnce(lease.id, { signal: stop.signal });
      } catch {
        // the next round tries again; a lease that expired makes the key go, as etcd's session would
      }
    }
  })();
  try {
    await etcd.createIfAbsent(key, '', lease.id, { signal });
    for (;;) {
      const keys = await etcd.rangePrefix(`${prefix}/`, { signal });
      const first = keys.reduce<(typeof keys)[number] | undefined>(
        (a, k) => (a === undefined || BigInt(k.create_revision) < BigInt(a.create_revision) ? k : a),
        undefined,
      );
      if (first === undefined) throw new Error(`etcd mutex ${prefix}: our key is gone (session expired)`);
      if (first.key.toString() === key) break;
      if (!(await sleep(opts.pollMs ?? 500, signal))) throw new Error('context canceled');
    }
    return await fn();
  } finally {
    stop.abort();
    signal.removeEventListener('abort', onAbort);
    await keepAlive;
    await etcd.leaseRevoke(lease.id, { timeoutMs: 5_000 }).catch(() => undefined);
  }
}
