// The shape of an API method implementation, independent of grpc-js call objects, so the same
// implementation serves a network call, an in-process call and a test.
import type { Metadata } from '@grpc/grpc-js';
import type { Role } from './roles';

export interface CallContext {
  /** Full method path, e.g. /machine.MachineService/Version. */
  readonly method: string;
  readonly metadata: Metadata;
  readonly roles: ReadonlySet<Role>;
  /** Fires when the caller goes away or the server stops. */
  readonly signal: AbortSignal;
  readonly peer: string;
  /** When the caller stops waiting (ms since the epoch); absent or Infinity: no deadline. */
  readonly deadline?: number;
  /** The authority (host) the caller addressed, as apid passes it on in `proxyfrom`. */
  readonly authority?: string;
}

export type UnaryHandler<Req = unknown, Res = unknown> = (req: Req, ctx: CallContext) => Promise<Res>;
export type ServerStreamHandler<Req = unknown, Res = unknown> = (
  req: Req,
  ctx: CallContext,
  send: (res: Res) => Promise<void>,
) => Promise<void>;
export type ClientStreamHandler<Req = unknown, Res = unknown> = (
  reqs: AsyncIterable<Req>,
  ctx: CallContext,
) => Promise<Res>;
export type BidiStreamHandler<Req = unknown, Res = unknown> = (
  reqs: AsyncIterable<Req>,
  ctx: CallContext,
  send: (res: Res) => Promise<void>,
) => Promise<void>;

export type MethodHandler =
  | { readonly kind: 'unary'; readonly fn: UnaryHandler }
  | { readonly kind: 'serverStream'; readonly fn: ServerStreamHandler }
  | { readonly kind: 'clientStream'; readonly fn: ClientStreamHandler }
  | { readonly kind: 'bidi'; readonly fn: BidiStreamHandler };

/** Typed helpers that erase request/response types for the method table. */
export const unary = <Req, Res>(fn: UnaryHandler<Req, Res>): MethodHandler => ({
  kind: 'unary',
  fn: fn as UnaryHandler,
});
export const serverStream = <Req, Res>(fn: ServerStreamHandler<Req, Res>): MethodHandler => ({
  kind: 'serverStream',
  fn: fn as ServerStreamHandler,
});

/** Implementations of one gRPC service, keyed by method name. */
export type ServiceImplementation = Readonly<Record<string, MethodHandler>>;
