// The in-process backend: decodes a request, runs the method's implementation, encodes the answer.
import type { Backend, MethodInfo } from './backend';
import { unimplemented } from './errors';
import type { CallContext, MethodHandler, ServiceImplementation } from './handler';

export class LocalBackend implements Backend {
  private readonly handlers = new Map<string, MethodHandler>();

  /** Registers the implementations of a service, e.g. `register('machine.MachineService', impl)`. */
  register(service: string, impl: ServiceImplementation): this {
    for (const [name, handler] of Object.entries(impl)) this.handlers.set(`/${service}/${name}`, handler);
    return this;
  }

  has(path: string): boolean {
    return this.handlers.has(path);
  }

  private handler<K extends MethodHandler['kind']>(
    m: MethodInfo,
    kind: K,
  ): Extract<MethodHandler, { kind: K }> {
    const h = this.handlers.get(m.path);
    if (h?.kind !== kind) throw unimplemented(m.path);
    return h as Extract<MethodHandler, { kind: K }>;
  }

  async unary(m: MethodInfo, req: Buffer, ctx: CallContext): Promise<Buffer> {
    const h = this.handler(m, 'unary');
    return m.responseSerialize(await h.fn(m.requestDeserialize(req), ctx));
  }

  async serverStream(
    m: MethodInfo,
    req: Buffer,
    ctx: CallContext,
    send: (b: Buffer) => Promise<void>,
  ): Promise<void> {
    const h = this.handler(m, 'serverStream');
    await h.fn(m.requestDeserialize(req), ctx, (res) => send(m.responseSerialize(res)));
  }

  async clientStream(m: MethodInfo, reqs: AsyncIterable<Buffer>, ctx: CallContext): Promise<Buffer> {
    const h = this.handler(m, 'clientStream');
    return m.responseSerialize(await h.fn(decodeAll(m, reqs), ctx));
  }

  async bidi(
    m: MethodInfo,
    reqs: AsyncIterable<Buffer>,
    ctx: CallContext,
    send: (b: Buffer) => Promise<void>,
  ): Promise<void> {
    const h = this.handler(m, 'bidi');
    await h.fn(decodeAll(m, reqs), ctx, (res) => send(m.responseSerialize(res)));
  }
}

async function* decodeAll(m: MethodInfo, reqs: AsyncIterable<Buffer>): AsyncIterable<unknown> {
  for await (const b of reqs) yield m.requestDeserialize(b);
}
