// Where apid sends a call once it is authorized: the local machined, or (later) a peer node.
// Requests and responses are raw protobuf bytes: apid never decodes what it forwards.
import type { CallContext } from './handler';

export interface MethodInfo {
  readonly path: string;
  readonly service: string;
  readonly method: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  readonly requestSerialize: (value: unknown) => Buffer;
  readonly requestDeserialize: (bytes: Buffer) => unknown;
  readonly responseSerialize: (value: unknown) => Buffer;
  readonly responseDeserialize: (bytes: Buffer) => unknown;
}

export interface Backend {
  unary(method: MethodInfo, req: Buffer, ctx: CallContext): Promise<Buffer>;
  serverStream(
    method: MethodInfo,
    req: Buffer,
    ctx: CallContext,
    send: (res: Buffer) => Promise<void>,
  ): Promise<void>;
  clientStream(method: MethodInfo, reqs: AsyncIterable<Buffer>, ctx: CallContext): Promise<Buffer>;
  bidi(
    method: MethodInfo,
    reqs: AsyncIterable<Buffer>,
    ctx: CallContext,
    send: (res: Buffer) => Promise<void>,
  ): Promise<void>;
}
