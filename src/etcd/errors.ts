// etcd's API errors (its rpctypes): a gRPC status whose details name the failure. The client turns each
// into an EtcdError once, here, and callers ask the predicates below.
import { status } from '@grpc/grpc-js';

/** The etcd error kinds the agent reacts to, by etcd's own descriptions. */
const KINDS = {
  memberNotFound: 'etcdserver: member not found',
  unhealthy: 'etcdserver: unhealthy cluster',
  stopped: 'etcdserver: server stopped',
  notLeader: 'etcdserver: not leader',
  noLeader: 'etcdserver: no leader',
  permissionDenied: 'etcdserver: permission denied',
  learnerNotReady: 'etcdserver: can only promote a learner member which is in sync with leader',
  memberNotLearner: 'etcdserver: can only promote a learner member',
} as const;

export type EtcdErrorKind = keyof typeof KINDS | 'other';

export class EtcdError extends Error {
  override readonly name = 'EtcdError';
  readonly kind: EtcdErrorKind;
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
    const found = (Object.keys(KINDS) as (keyof typeof KINDS)[]).find((k) => KINDS[k] === message);
    this.kind = found ?? 'other';
  }
}

const isKind =
  (kind: EtcdErrorKind) =>
  (e: unknown): boolean =>
    e instanceof EtcdError && e.kind === kind;

export const isEtcdError = (e: unknown): e is EtcdError => e instanceof EtcdError;
export const isMemberNotFound = isKind('memberNotFound');
export const isUnhealthy = isKind('unhealthy');
export const isStopped = isKind('stopped');
export const isNotLeader = isKind('notLeader');
export const isPermissionDenied = isKind('permissionDenied');
/** The endpoint could not be reached (or the call timed out): worth trying another one. */
export const isUnreachable = (e: unknown): boolean =>
  e instanceof EtcdError &&
  (e.code === status.UNAVAILABLE || e.code === status.DEADLINE_EXCEEDED) &&
  e.kind === 'other';
