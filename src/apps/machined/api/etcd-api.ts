// machine.MachineService etcd methods (Talos v1.13 v1alpha1_server.go): membership, status, alarms,
// defragmentation, leaving the cluster and forfeiting leadership. Bootstrap, snapshot and recovery are
// in etcd-lifecycle-api.ts. Control plane only; errors as Talos returns them.
import { status } from '@grpc/grpc-js';
import { rm } from 'node:fs/promises';
import { etcdPaths } from '../../../../services/etcd-paths';
import type { EtcdClient, EtcdMemberInfo, AlarmMember } from '../../../etcd/client';
import { isEtcdError, isMemberNotFound, isNotLeader, isStopped, isUnhealthy } from '../../../etcd/errors';
import { checkControlPlane } from './control-plane-check';
import { controlPlaneClient, getLocalMemberID, localClient } from '../../../etcd/local';
import { retryable, retryConstant } from '../../../etcd/retry';
import { ApiError } from '../../../grpc/errors';
import type * as machine from '../../../gen/api/machine';
import { implement, type Implementation } from '../../../grpc/handler';
import { formatMemberID } from '../../../resources/etcd/member';
import type { State } from '../../../state';
import { errorMessage } from '../../../error-message';

export interface EtcdApiOptions {
  readonly state: State;
  /** The directory standing in for `/`. */
  readonly rootDir: string;
  /** Stops the etcd service (EtcdLeaveCluster). */
  readonly stopEtcd: () => Promise<void>;
}

export { checkControlPlane };

/**
 * An error as grpc-go would send it: etcd's own unknown statuses keep their code; etcd's named errors
 * and Talos's wrapped errors are plain Go errors, so Unknown.
 */
export function apiError(e: unknown, prefix?: string): ApiError {
  if (e instanceof ApiError && prefix === undefined) return e;
  const text = prefix === undefined ? errorMessage(e) : `${prefix}: ${errorMessage(e)}`;
  const keep = prefix === undefined && isEtcdError(e) && e.kind === 'other';
  return new ApiError(keep ? e.code : status.UNKNOWN, text);
}

async function withClient<T>(
  make: () => Promise<EtcdClient>,
  prefix: string | undefined,
  fn: (c: EtcdClient) => Promise<T>,
): Promise<T> {
  let client: EtcdClient;
  try {
    client = await make();
  } catch (e: unknown) {
    throw apiError(e, prefix);
  }
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

const member = (m: EtcdMemberInfo): machine.EtcdMemberInit => ({
  id: m.ID,
  hostname: m.name,
  peer_urls: m.peerURLs,
  client_urls: m.clientURLs,
  is_learner: m.isLearner,
});

const alarms = (list: readonly AlarmMember[]): machine.EtcdMemberAlarmInit[] =>
  list.map((a) => ({
    member_id: a.memberID,
    alarm: a.alarm === 'NOSPACE' || a.alarm === 'CORRUPT' ? a.alarm : 'NONE',
  }));

/** etcd before 3.6 does not report its storage version: "major.minor.0" of its version, as Talos. */
export function storageVersionOf(storageVersion: string, version: string): string {
  if (storageVersion !== '') return storageVersion;
  const m = /^(\d+)\.(\d+)\.\d+/.exec(version);
  return m ? `${m[1]}.${m[2]}.0` : 'unknown';
}

export function etcdApi(o: EtcdApiOptions): Implementation<'machine.MachineService'> {
  const { state } = o;
  const local = (): Promise<EtcdClient> => localClient(state);
  const cluster = (): Promise<EtcdClient> => controlPlaneClient(state);

  return implement('machine.MachineService', {
    EtcdMemberList: async (req, ctx) => {
      await checkControlPlane(state, 'member list');
      return withClient(req.query_local ? local : cluster, undefined, async (c) => {
        let res;
        try {
          res = await c.memberList({ signal: ctx.signal, requireLeader: true });
        } catch (e: unknown) {
          throw apiError(e);
        }
        return {
          messages: [{ legacy_members: res.members.map((m) => m.name), members: res.members.map(member) }],
        };
      });
    },

    EtcdRemoveMemberByID: async (req, ctx) => {
      await checkControlPlane(state, 'etcd remove member');
      return withClient(cluster, 'failed to create etcd client', async (c) => {
        try {
          await c.memberRemove(req.member_id, { signal: ctx.signal, requireLeader: true });
        } catch (e: unknown) {
          const text = `failed to remove member ${req.member_id}: ${errorMessage(e)}`;
          if (isMemberNotFound(e)) throw new ApiError(status.NOT_FOUND, text);
          throw new ApiError(status.UNKNOWN, `failed to remove member: ${text}`);
        }
        return { messages: [{}] };
      });
    },

    EtcdLeaveCluster: async (_req, ctx) => {
      await checkControlPlane(state, 'etcd leave');
      return withClient(cluster, 'failed to create etcd client', async (c) => {
        try {
          await leaveCluster(c, o, ctx.signal);
        } catch (e: unknown) {
          throw apiError(e, 'failed to leave cluster');
        }
        return { messages: [{}] };
      });
    },

    EtcdForfeitLeadership: async (_req, ctx) => {
      await checkControlPlane(state, 'etcd forfeit leadership');
      return withClient(cluster, 'failed to create etcd client', async (c) => {
        let id: bigint;
        try {
          id = await getLocalMemberID(state, ctx.signal);
        } catch (e: unknown) {
          throw apiError(e);
        }
        try {
          return { messages: [{ member: await forfeitLeadership(c, id, ctx.signal) }] };
        } catch (e: unknown) {
          throw apiError(e, 'failed to forfeit leadership');
        }
      });
    },

    EtcdAlarmList: async (_req, ctx) => {
      await checkControlPlane(state, 'etcd alarm list');
      return withClient(local, 'failed to create etcd client', async (c) => {
        try {
          const res = await c.alarmList({ signal: ctx.signal });
          return { messages: [{ member_alarms: alarms(res.alarms) }] };
        } catch (e: unknown) {
          throw apiError(e, 'failed to list etcd alarms');
        }
      });
    },

    EtcdAlarmDisarm: async (_req, ctx) => {
      await checkControlPlane(state, 'etcd alarm disarm');
      return withClient(local, 'failed to create etcd client', async (c) => {
        try {
          const res = await c.alarmDisarm({ signal: ctx.signal });
          return { messages: [{ member_alarms: alarms(res.alarms) }] };
        } catch (e: unknown) {
          throw apiError(e, 'failed to disarm etcd alarm');
        }
      });
    },

    EtcdDefragment: async (_req, ctx) => {
      await checkControlPlane(state, 'etcd defragment');
      return withClient(local, 'failed to create etcd client', async (c) => {
        try {
          await c.defragment({ signal: ctx.signal });
        } catch (e: unknown) {
          throw apiError(e, 'failed to defragment etcd');
        }
        return { messages: [{}] };
      });
    },

    EtcdStatus: async (_req, ctx) => {
      await checkControlPlane(state, 'etcd status');
      return withClient(local, 'failed to create etcd client', async (c) => {
        let s;
        try {
          s = await c.status({ signal: ctx.signal });
        } catch (e: unknown) {
          throw apiError(e, 'failed to query etcd status');
        }
        return {
          messages: [
            {
              member_status: {
                member_id: s.header.member_id,
                protocol_version: s.version,
                db_size: s.dbSize,
                db_size_in_use: s.dbSizeInUse,
                leader: s.leader,
                raft_index: s.raftIndex,
                raft_term: s.raftTerm,
                raft_applied_index: s.raftAppliedIndex,
                storage_version: storageVersionOf(s.storageVersion, s.version),
                errors: s.errors,
                is_learner: s.isLearner,
              },
            },
          ],
        };
      });
    },
  });
}

/** Talos Client.LeaveCluster: remove the local member (retrying while etcd is unhealthy), stop etcd, wipe its data. */
/** Leaves the etcd cluster through the control plane (as EtcdLeaveCluster and a graceful reset do). */
export async function leaveEtcdCluster(o: EtcdApiOptions, signal: AbortSignal): Promise<void> {
  const c = await controlPlaneClient(o.state);
  try {
    await leaveCluster(c, o, signal);
  } finally {
    c.close();
  }
}

async function leaveCluster(c: EtcdClient, o: EtcdApiOptions, signal: AbortSignal): Promise<void> {
  const id = await getLocalMemberID(o.state, signal);
  await retryConstant(signal, { totalMs: 5 * 60_000, intervalMs: 10_000 }, async () => {
    try {
      await c.memberRemove(id, { signal, requireLeader: true });
    } catch (e: unknown) {
      if (isMemberNotFound(e)) return;
      const wrapped = new Error(`failed to remove member ${id}: ${errorMessage(e)}`, { cause: e });
      if (isUnhealthy(e) || isStopped(e)) throw retryable(wrapped);
      throw wrapped;
    }
  });
  try {
    await o.stopEtcd();
  } catch (e: unknown) {
    throw new Error(`failed to stop etcd: ${errorMessage(e)}`, { cause: e });
  }
  const dataDir = etcdPaths(o.rootDir).dataDir;
  try {
    await rm(dataDir, { recursive: true, force: true });
  } catch (e: unknown) {
    throw new Error(`failed to remove ${dataDir}: ${errorMessage(e)}`, { cause: e });
  }
}

/** Talos Client.ForfeitLeadership: when this member leads, hand leadership to another; its name, or ''. */
export async function forfeitLeadership(c: EtcdClient, id: bigint, signal: AbortSignal): Promise<string> {
  const list = await c.memberList({ signal, requireLeader: true }).catch((e: unknown) => {
    throw new Error(`failed to list etcd members: ${errorMessage(e)}`, { cause: e });
  });
  if (list.members.length === 1) throw new Error('cannot forfeit leadership, only one member');
  const self = list.members.find((m) => BigInt(m.ID) === id);
  if (!self) throw new Error(`failed to find ${JSON.stringify(formatMemberID(id))} in list of etcd members`);
  for (const endpoint of self.clientURLs) {
    const st = await c.status({ signal, endpoint });
    if (st.leader !== self.ID) return '';
    const other = list.members.find((m) => m.ID !== self.ID);
    if (!other) break;
    try {
      await c.moveLeader(other.ID, { signal, endpoint });
    } catch (e: unknown) {
      if (isNotLeader(e)) return '';
      throw e;
    }
    return other.name;
  }
  return '';
}
