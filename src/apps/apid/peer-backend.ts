// A call forwarded to another node's apid, as raw bytes: the request goes out as it came in and the
// answers (or the peer's status) come back untouched. The caller's roles travel in `talos-role`
// (trusted by the peer only because this node presents its `os:impersonator` certificate), and
// `proxyfrom` tells the peer to serve the call itself rather than route it again.
import { once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import type { Backend, MethodInfo } from '../../grpc/backend';
import { ApiError } from '../../grpc/errors';
import type { CallContext } from '../../grpc/handler';
import { ROLE_METADATA_KEY } from '../../grpc/roles';

/** Metadata that only concerns the hop it arrived on (or that this node sets itself). */
const HOP_KEYS = new Set([
  'node',
  'nodes',
  'proxyfrom',
  ROLE_METADATA_KEY,
  'user-agent',
  'host',
  'te',
  'content-type',
  'grpc-timeout',
  'grpc-encoding',
  'grpc-accept-encoding',
  'accept-encoding',
]);

/** The metadata a forwarded call carries: the caller's, without routing, plus roles and origin. */
export function forwardedMetadata(ctx: CallContext): grpc.Metadata {
  const out = new grpc.Metadata();
  for (const [key, values] of Object.entries(ctx.metadata.toJSON())) {
    if (HOP_KEYS.has(key) || key.startsWith(':')) continue;
    for (const v of values) out.add(key, v);
  }
  for (const role of [...ctx.roles].sort()) out.add(ROLE_METADATA_KEY, role);
  out.set('proxyfrom', ctx.authority || 'unknown');
  return out;
}

const passthrough = (b: Buffer): Buffer => b;

/** grpc-js ends a failed connection's message with an empty "Resolution note: "; users need not see it. */
const EMPTY_RESOLUTION_NOTE = /\.? Resolution note: ?$/;

/** A peer's failure as this node reports it: the peer's own code and message. */
function fromPeer(e: unknown): Error {
  if (e instanceof ApiError) return e;
  if (e instanceof Error && 'code' in e && typeof e.code === 'number') {
    const details = 'details' in e && typeof e.details === 'string' ? e.details : e.message;
    return new ApiError(e.code, details.replace(EMPTY_RESOLUTION_NOTE, ''));
  }
  return e instanceof Error ? e : new Error(String(e));
}

/** Aborting the context cancels the peer call; returns the unsubscribe. */
function cancelOnAbort(ctx: CallContext, call: { cancel(): void }): () => void {
  const signal = ctx.signal;
  const cancel = (): void => call.cancel();
  if (signal.aborted) cancel();
  else signal.addEventListener('abort', cancel, { once: true });
  return () => signal.removeEventListener('abort', cancel);
}

async function pump(reqs: AsyncIterable<Buffer>, call: grpc.ClientWritableStream<Buffer>): Promise<void> {
  try {
    for await (const b of reqs) {
      if (!call.write(b)) await once(call, 'drain');
    }
    call.end();
  } catch (e: unknown) {
    call.cancel();
    throw e;
  }
}

export class PeerBackend implements Backend {
  /** `client`: a pooled connection to the peer's apid. */
  constructor(private readonly client: grpc.Client) {}

  private options(ctx: CallContext): grpc.CallOptions {
    return { deadline: ctx.deadline ?? Infinity };
  }

  unary(m: MethodInfo, req: Buffer, ctx: CallContext): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      let release = (): void => undefined;
      const call = this.client.makeUnaryRequest(
        m.path,
        passthrough,
        passthrough,
        req,
        forwardedMetadata(ctx),
        this.options(ctx),
        (err, res) => {
          release();
          if (err || !res) reject(fromPeer(err ?? new Error('empty answer')));
          else resolve(res);
        },
      );
      release = cancelOnAbort(ctx, call);
    });
  }

  async serverStream(
    m: MethodInfo,
    req: Buffer,
    ctx: CallContext,
    send: (res: Buffer) => Promise<void>,
  ): Promise<void> {
    const call = this.client.makeServerStreamRequest(
      m.path,
      passthrough,
      passthrough,
      req,
      forwardedMetadata(ctx),
      this.options(ctx),
    );
    await this.relay(call, ctx, send);
  }

  clientStream(m: MethodInfo, reqs: AsyncIterable<Buffer>, ctx: CallContext): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      let release = (): void => undefined;
      const call = this.client.makeClientStreamRequest(
        m.path,
        passthrough,
        passthrough,
        forwardedMetadata(ctx),
        this.options(ctx),
        (err, res) => {
          release();
          if (err || !res) reject(fromPeer(err ?? new Error('empty answer')));
          else resolve(res);
        },
      );
      release = cancelOnAbort(ctx, call);
      // a failed request stream has cancelled the call, whose callback reports it
      pump(reqs, call).catch(() => undefined);
    });
  }

  async bidi(
    m: MethodInfo,
    reqs: AsyncIterable<Buffer>,
    ctx: CallContext,
    send: (res: Buffer) => Promise<void>,
  ): Promise<void> {
    const call = this.client.makeBidiStreamRequest(
      m.path,
      passthrough,
      passthrough,
      forwardedMetadata(ctx),
      this.options(ctx),
    );
    pump(reqs, call).catch(() => undefined);
    await this.relay(call, ctx, send);
  }

  /** Answers from the peer to the caller, one at a time: the peer is read no faster than we send. */
  private async relay(
    call: grpc.ClientReadableStream<Buffer>,
    ctx: CallContext,
    send: (res: Buffer) => Promise<void>,
  ): Promise<void> {
    const release = cancelOnAbort(ctx, call);
    try {
      for await (const b of call as AsyncIterable<Buffer>) await send(b);
    } catch (e: unknown) {
      call.cancel();
      throw fromPeer(e);
    } finally {
      release();
    }
  }
}
