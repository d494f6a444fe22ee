// The client certificate of a call, decoded once per TLS connection rather than once per call
// (decoding it is the most expensive step of authenticating a call).
import { TLSSocket, type PeerCertificate } from 'node:tls';
import type { ServerUnaryCall } from '@grpc/grpc-js';

type AuthContextCall = Pick<ServerUnaryCall<unknown, unknown>, 'getAuthContext'>;

const byConnection = new WeakMap<TLSSocket, PeerCertificate | undefined>();

/**
 * The TLS socket under a grpc-js server call. grpc-js 1.14 keeps it at `call.stream.session.socket`
 * (no interceptors installed); if that ever changes, this answers undefined and nothing is cached.
 */
export function connectionOf(call: object): TLSSocket | undefined {
  const inner = (call as { call?: { stream?: { session?: { socket?: unknown } } } }).call;
  const socket = inner?.stream?.session?.socket;
  return socket instanceof TLSSocket ? socket : undefined;
}

export function peerCertificate(call: AuthContextCall): PeerCertificate | undefined {
  const socket = connectionOf(call);
  if (!socket) return call.getAuthContext().sslPeerCertificate;
  if (!byConnection.has(socket)) byConnection.set(socket, call.getAuthContext().sslPeerCertificate);
  return byConnection.get(socket);
}
