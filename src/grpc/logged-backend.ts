// A backend that logs every call it serves, one line each as Talos's machined does:
// `<code> [<method>] <duration> <unary|stream> <Success|error> (<metadata>)`, metadata keys sorted and
// the caller's token hidden.
import { status as Status, type Metadata } from '@grpc/grpc-js';
import { formatGoDuration } from '../apps/machined/apply/go-duration';
import type { Backend, MethodInfo } from './backend';
import { toStatus } from './errors';
import { goCodeName } from './status-text';
import type { CallContext } from './handler';

/** Metadata whose values never reach a log. */
const HIDDEN = new Set(['token', 'authorization']);

export function formatMetadata(md: Metadata): string {
  const map = md.getMap();
  return Object.keys(map)
    .sort()
    .map((k) => `${k}=${HIDDEN.has(k) ? '<hidden>' : md.get(k).map(String).join(',')}`)
    .join(';');
}

export function callLine(
  method: string,
  kind: 'unary' | 'stream',
  ns: bigint,
  md: Metadata,
  e?: unknown,
): string {
  const st = e === undefined ? undefined : toStatus(e);
  const code = goCodeName(st?.code ?? Status.OK);
  return `${code} [${method}] ${formatGoDuration(ns)} ${kind} ${st ? st.details : 'Success'} (${formatMetadata(md)})`;
}

export class LoggedBackend implements Backend {
  constructor(
    private readonly inner: Backend & { has?(path: string): boolean },
    private readonly log: (line: string) => void,
  ) {}

  has(path: string): boolean {
    return this.inner.has?.(path) ?? true;
  }

  private async logged<T>(
    m: MethodInfo,
    ctx: CallContext,
    kind: 'unary' | 'stream',
    run: () => Promise<T>,
  ): Promise<T> {
    const started = process.hrtime.bigint();
    try {
      const result = await run();
      this.log(callLine(m.path, kind, process.hrtime.bigint() - started, ctx.metadata));
      return result;
    } catch (e: unknown) {
      this.log(callLine(m.path, kind, process.hrtime.bigint() - started, ctx.metadata, e));
      throw e;
    }
  }

  unary(m: MethodInfo, req: Buffer, ctx: CallContext): Promise<Buffer> {
    return this.logged(m, ctx, 'unary', () => this.inner.unary(m, req, ctx));
  }

  serverStream(
    m: MethodInfo,
    req: Buffer,
    ctx: CallContext,
    send: (b: Buffer) => Promise<void>,
  ): Promise<void> {
    return this.logged(m, ctx, 'stream', () => this.inner.serverStream(m, req, ctx, send));
  }

  clientStream(m: MethodInfo, reqs: AsyncIterable<Buffer>, ctx: CallContext): Promise<Buffer> {
    return this.logged(m, ctx, 'stream', () => this.inner.clientStream(m, reqs, ctx));
  }

  bidi(
    m: MethodInfo,
    reqs: AsyncIterable<Buffer>,
    ctx: CallContext,
    send: (b: Buffer) => Promise<void>,
  ): Promise<void> {
    return this.logged(m, ctx, 'stream', () => this.inner.bidi(m, reqs, ctx, send));
  }
}
