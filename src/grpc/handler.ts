// The shape of an API method implementation, independent of grpc-js call objects, so the same
// implementation serves a network call, an in-process call and a test. Each service's methods are
// typed by src/gen/api/services.ts (generated from proto/): requests as the server decodes them,
// answers as they may be built.
import type { Metadata } from '@grpc/grpc-js';
import type { ApiServices } from '../gen/api/services';
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

export type UnaryHandler<Req, Res> = (req: Req, ctx: CallContext) => Promise<Res>;
export type ServerStreamHandler<Req, Res> = (
  req: Req,
  ctx: CallContext,
  send: (res: Res) => Promise<void>,
) => Promise<void>;
export type ClientStreamHandler<Req, Res> = (reqs: AsyncIterable<Req>, ctx: CallContext) => Promise<Res>;
export type BidiStreamHandler<Req, Res> = (
  reqs: AsyncIterable<Req>,
  ctx: CallContext,
  send: (res: Res) => Promise<void>,
) => Promise<void>;

/** A service talos-ts implements, by its full name (e.g. `machine.MachineService`). */
export type ServiceName = keyof ApiServices;

/** Implementations of some of a service's methods, keyed by method name. */
export type Implementation<S extends ServiceName> = Partial<ApiServices[S]>;

/**
 * Some methods of a service. TypeScript checks a method name and the request's fields by itself, but not
 * the fields of an object a function returns: this also refuses an answer with a field the API does not
 * have, naming the method and the field's path (e.g. `.messages[].version.tagg`).
 */
export function implement<S extends ServiceName, T extends Implementation<S>>(
  _service: S,
  methods: T & NoInfer<UnknownAnswerFields<T, ApiServices[S]>>,
): Implementation<S> {
  return methods;
}

type Leaf = string | number | boolean | bigint | Uint8Array | null | undefined;
type Answer<F> = F extends (...args: never[]) => Promise<infer R> ? R : never;

/** The paths of fields in `A` that `E` does not have (never when there are none). */
type ExtraFields<A, E, P extends string> = A extends Leaf
  ? never
  : A extends readonly (infer AE)[]
    ? NonNullable<E> extends readonly (infer EE)[]
      ? ExtraFields<AE, EE, `${P}[]`>
      : never
    : {
        [K in keyof A & string]: K extends keyof NonNullable<E>
          ? ExtraFields<A[K], NonNullable<E>[K], `${P}.${K}`>
          : `${P}.${K}`;
      }[keyof A & string];

type UnknownAnswerFields<T, Api> = {
  [K in keyof T]: K extends keyof Api
    ? [ExtraFields<Answer<T[K]>, Answer<Api[K]>, ''>] extends [never]
      ? unknown
      : { 'answers with a field the API does not have': ExtraFields<Answer<T[K]>, Answer<Api[K]>, ''> }
    : { 'is not a method of this service': K };
};
