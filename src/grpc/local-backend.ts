// The in-process backend: decodes a request, runs the method's implementation, encodes the answer.
// Which of the four call shapes a method has comes from the API schema (MethodInfo), the same flags
// its generated handler type was written from.
import type { Backend, MethodInfo } from './backend';
import { unimplemented } from './errors';
import type {
  BidiStreamHandler,
  CallContext,
  ClientStreamHandler,
  Implementation,
  ServerStreamHandler,
  ServiceName,
  UnaryHandler,
} from './handler';

type AnyHandler =
  | UnaryHandler<unknown, unknown>
  | ServerStreamHandler<unknown, unknown>
  | ClientStreamHandler<unknown, unknown>
  | BidiStreamHandler<unknown, unknown>;

export class LocalBackend implements Backend {
  private readonly handlers = new Map<string, AnyHandler>();

  /** Registers the implementations of a service, e.g. `register('machine.MachineService', impl)`. */
  register<S extends ServiceName>(service: S, impl: Implementation<S>): this {
    for (const [name, handler] of Object.entries(impl) as [string, AnyHandler | undefined][]) {
      if (handler) this.handlers.set(`/${service}/${name}`, handler);
    }
    return this;
  }

  has(path: string): boolean {
    return this.handlers.has(path);
  }

  private handler<H extends AnyHandler>(m: MethodInfo): H {
    const h = this.handlers.get(m.path);
    if (!h) throw unimplemented(m.path);
    return h as H;
  }

  async unary(m: MethodInfo, req: Buffer, ctx: CallContext): Promise<Buffer> {
    const h = this.handler<UnaryHandler<unknown, unknown>>(m);
    return m.responseSerialize(await h(m.requestDeserialize(req), ctx));
  }

  async serverStream(
    m: MethodInfo,
    req: Buffer,
    ctx: CallContext,
    send: (b: Buffer) => Promise<void>,
  ): Promise<void> {
    const h = this.handler<ServerStreamHandler<unknown, unknown>>(m);
    await h(m.requestDeserialize(req), ctx, (res) => send(m.responseSerialize(res)));
  }

  async clientStream(m: MethodInfo, reqs: AsyncIterable<Buffer>, ctx: CallContext): Promise<Buffer> {
    const h = this.handler<ClientStreamHandler<unknown, unknown>>(m);
    return m.responseSerialize(await h(decodeAll(m, reqs), ctx));
  }

  async bidi(
    m: MethodInfo,
    reqs: AsyncIterable<Buffer>,
    ctx: CallContext,
    send: (b: Buffer) => Promise<void>,
  ): Promise<void> {
    const h = this.handler<BidiStreamHandler<unknown, unknown>>(m);
    await h(decodeAll(m, reqs), ctx, (res) => send(m.responseSerialize(res)));
  }
}

async function* decodeAll(m: MethodInfo, reqs: AsyncIterable<Buffer>): AsyncIterable<unknown> {
  for await (const b of reqs) yield m.requestDeserialize(b);
}
