// Connections to other nodes' apid, one per target, kept for reuse. Each is a gRPC channel that
// reconnects with backoff (1 s doubling-ish up to 15 s, as Talos caps it so that a rebooted node is
// not considered down for long) and closes itself when idle. This node authenticates with its
// `os:impersonator` client certificate and trusts peers whose certificate chains to its accepted CAs.
import { isIP } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import type { Backend } from '../../grpc/backend';
import { ApiError } from '../../grpc/errors';
import { toNodeKeyPem } from '../../pki';
import { PeerBackend } from './peer-backend';

export const PEER_PORT = 50000;
/** Talos's constants.GRPCMaxMessageSize. */
const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
/** Talos closes idle peer connections after half its 30 min graceful shutdown timeout. */
const IDLE_MS = 15 * 60 * 1000;
/** Connections kept at most: the least recently used goes first (callers name targets freely). */
const MAX_PEERS = 256;

export interface PeerIdentity {
  /** CAs a peer's server certificate must chain to (PEM, concatenated). */
  readonly caPem: string;
  /** This node's `os:impersonator` client certificate and key (PEM). */
  readonly certPem: string;
  readonly keyPem: string;
}

export interface PeerPoolOptions {
  readonly identity: PeerIdentity;
  /** Where a target is dialled (default `target:50000`). */
  readonly addressOf?: (target: string) => string;
  /** Reconnect backoff bounds (default 1 s and 15 s). */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Connections kept at most (default 256). */
  readonly maxPeers?: number;
}

/** `host:port`, `[v6]:port`: a target must name a node, not an address with a port. */
function hasPort(target: string): boolean {
  if (isIP(target) !== 0) return false;
  return /^\[[^\]]*\]:\d+$/.test(target) || /^[^:[\]]+:\d+$/.test(target);
}

export function defaultPeerAddress(target: string): string {
  return `${isIP(target) === 6 ? `[${target}]` : target}:${PEER_PORT}`;
}

export class PeerPool {
  private readonly clients = new Map<string, grpc.Client>();
  private readonly credentials: grpc.ChannelCredentials;
  private closed = false;

  constructor(private readonly opts: PeerPoolOptions) {
    const { caPem, certPem, keyPem } = opts.identity;
    this.credentials = grpc.credentials.createSsl(
      Buffer.from(caPem),
      Buffer.from(toNodeKeyPem(keyPem)),
      Buffer.from(certPem),
    );
  }

  /** The backend forwarding to `target`; Internal for a target that cannot name a node (as Talos). */
  backend(target: string): Backend {
    if (target === '' || hasPort(target))
      throw new ApiError(grpc.status.INTERNAL, `invalid target "${target}"`);
    if (this.closed) throw new ApiError(grpc.status.UNAVAILABLE, 'apid is restarting');
    let client = this.clients.get(target);
    if (client) {
      // most recently used last
      this.clients.delete(target);
      this.clients.set(target, client);
    } else {
      const backoff = this.opts.backoff ?? { initialMs: 1_000, maxMs: 15_000 };
      client = new grpc.Client((this.opts.addressOf ?? defaultPeerAddress)(target), this.credentials, {
        'grpc.initial_reconnect_backoff_ms': backoff.initialMs,
        'grpc.max_reconnect_backoff_ms': backoff.maxMs,
        'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
        'grpc.max_send_message_length': -1,
        'grpc.client_idle_timeout_ms': IDLE_MS,
      });
      this.clients.set(target, client);
      if (this.clients.size > (this.opts.maxPeers ?? MAX_PEERS)) {
        const [oldest, stale] = this.clients.entries().next().value!;
        this.clients.delete(oldest);
        stale.close(); // its calls in flight finish
      }
    }
    return new PeerBackend(client);
  }

  /** The targets with a pooled connection. */
  targets(): string[] {
    return [...this.clients.keys()];
  }

  /** No new calls; calls in flight finish on their connections. */
  close(): void {
    this.closed = true;
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
