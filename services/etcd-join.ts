// Joining an etcd cluster as Talos does: through a running member, remove a stale member with this
// node's name, add this node as a learner, start with the returned member list as the initial cluster,
// then promote the learner once it has caught up with the leader.
import { EtcdClient, type EtcdMemberInfo, type EtcdTLS } from '../src/etcd/client';
import { retryable, retryConstant } from '../src/etcd/retry';
import type { Logger } from '../src/log';
import { errorMessage } from '../src/error-message';

export interface JoinTiming {
  /** Talos EtcdJoinTimeout: 30 minutes; attempts every 3 s (+1 s jitter), 30 s each. */
  readonly joinTotalMs: number;
  readonly joinIntervalMs: number;
  readonly joinJitterMs: number;
  readonly joinAttemptMs: number;
  /** Promotion: 10 minutes, every 15 s (+1 s jitter), 30 s per attempt. */
  readonly promoteTotalMs: number;
  readonly promoteIntervalMs: number;
  readonly promoteJitterMs: number;
  readonly promoteAttemptMs: number;
  /** How often the "run talosctl bootstrap" hint repeats (30 s). */
  readonly nagIntervalMs: number;
}

export const TALOS_JOIN_TIMING: JoinTiming = {
  joinTotalMs: 30 * 60_000,
  joinIntervalMs: 3000,
  joinJitterMs: 1000,
  joinAttemptMs: 30_000,
  promoteTotalMs: 10 * 60_000,
  promoteIntervalMs: 15_000,
  promoteJitterMs: 1000,
  promoteAttemptMs: 30_000,
  nagIntervalMs: 30_000,
};

export interface JoinContext {
  /** The control plane's etcd endpoints (throws while none are known). */
  readonly endpoints: () => Promise<string[]>;
  readonly tls: () => Promise<EtcdTLS>;
  readonly timing: JoinTiming;
  readonly logger?: Logger;
  /** The node's addresses, for the "run talosctl bootstrap against one of" hint. */
  readonly nodeAddresses?: () => readonly string[];
}

/** Adds this node as a learner; returns the members afterwards and the new member's ID. */
export async function addLearner(
  client: EtcdClient,
  name: string,
  peerURLs: readonly string[],
  signal: AbortSignal,
): Promise<{ members: EtcdMemberInfo[]; id: string }> {
  const opts = { signal, requireLeader: true };
  let list;
  try {
    list = await client.memberList(opts);
  } catch (e: unknown) {
    throw wrap('error getting etcd member list', e);
  }
  // Only called with an empty data directory: a member with this name is a previous life of this node.
  for (const m of list.members) {
    if (m.name !== name) continue;
    try {
      await client.memberRemove(m.ID, opts);
    } catch (e: unknown) {
      throw wrap('error removing self from the member list', e);
    }
  }
  let added;
  try {
    added = await client.memberAdd(peerURLs, true, opts);
  } catch (e: unknown) {
    throw wrap('error adding member', e);
  }
  try {
    list = await client.memberList(opts);
  } catch (e: unknown) {
    throw wrap('error getting second etcd member list', e);
  }
  return { members: list.members, id: added.member.ID };
}

/** "name=peerURL,…" for every member; the new member (no name yet) gets this node's name. */
export function initialClusterOf(members: readonly EtcdMemberInfo[], selfID: string, name: string): string {
  return members.flatMap((m) => m.peerURLs.map((u) => `${m.ID === selfID ? name : m.name}=${u}`)).join(',');
}

/** Retries adding this node until a member answers (Talos buildInitialCluster). */
export async function buildInitialCluster(
  ctx: JoinContext,
  name: string,
  peerURLs: readonly string[],
  signal: AbortSignal,
): Promise<{ initialCluster: string; learnerID: string }> {
  let lastNag = 0;
  const t = ctx.timing;
  try {
    return await retryConstant(
      signal,
      {
        totalMs: t.joinTotalMs,
        intervalMs: t.joinIntervalMs,
        jitterMs: t.joinJitterMs,
        onError: (e) => ctx.logger?.warn({ error: errorMessage(e) }, 'etcd join attempt failed'),
      },
      async () => {
        if (Date.now() - lastNag > t.nagIntervalMs) {
          lastNag = Date.now();
          ctx.logger?.info(
            'etcd is waiting to join the cluster, if this node is the first node in the cluster, please run `talosctl bootstrap` against one of the following IPs:',
          );
          ctx.logger?.info(`[${(ctx.nodeAddresses?.() ?? []).join(' ')}]`);
        }
        const attempt = AbortSignal.any([signal, AbortSignal.timeout(t.joinAttemptMs)]);
        let client: EtcdClient | undefined;
        try {
          client = new EtcdClient(await ctx.endpoints(), await ctx.tls());
          const { members, id } = await addLearner(client, name, peerURLs, attempt);
          return { initialCluster: initialClusterOf(members, id, name), learnerID: id };
        } catch (e: unknown) {
          if (signal.aborted) throw e;
          throw retryable(e);
        } finally {
          client?.close();
        }
      },
    );
  } catch (e: unknown) {
    if (signal.aborted) throw e;
    throw wrap('failed to build cluster arguments', e);
  }
}

/**
 * Promotes the learner, trying each endpoint in turn (the learner itself cannot promote itself), until
 * it has caught up with the leader and the promotion succeeds.
 */
export async function promoteLearner(ctx: JoinContext, memberID: string, signal: AbortSignal): Promise<void> {
  const t = ctx.timing;
  let idx = 0;
  await retryConstant(
    signal,
    {
      totalMs: t.promoteTotalMs,
      intervalMs: t.promoteIntervalMs,
      jitterMs: t.promoteJitterMs,
      attemptTimeoutMs: t.promoteAttemptMs,
      onError: (e) => ctx.logger?.debug({ error: errorMessage(e) }, 'etcd learner promotion attempt failed'),
    },
    async (attempt) => {
      let endpoints: string[];
      try {
        endpoints = await ctx.endpoints();
      } catch (e: unknown) {
        throw retryable(e);
      }
      if (endpoints.length === 0) throw retryable(new Error('no endpoints'));
      const tls = await ctx.tls();
      let last: unknown;
      for (let i = 0; i < endpoints.length; i++) {
        if (attempt.aborted) throw retryable(attempt.reason);
        const endpoint = endpoints[idx++ % endpoints.length] as string;
        const client = new EtcdClient([endpoint], tls);
        try {
          await client.memberPromote(memberID, { signal: attempt });
          return;
        } catch (e: unknown) {
          last = e;
        } finally {
          client.close();
        }
      }
      throw retryable(last);
    },
  );
}

function wrap(prefix: string, e: unknown): Error {
  return new Error(`${prefix}: ${errorMessage(e)}`, { cause: e });
}
