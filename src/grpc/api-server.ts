// A gRPC server that accepts every method of the API as raw bytes, authenticates the caller,
// checks Talos's role rules, and hands the call to a backend chosen by the router.
import { once } from 'node:events';
import type { PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import type { Backend, MethodInfo } from './backend';
import { ApiError, permissionDenied, toStatus, unimplemented } from './errors';
import type { CallContext } from './handler';
import { peerCertificate } from './peer-certificate';
import type { ServerTLS } from './tls';
import { TlsListener } from './tls-listener';
import type { Role } from './roles';

export interface Caller {
  readonly metadata: grpc.Metadata;
  readonly peer: string;
  /** The client certificate of the caller's TLS connection, if it sent one (decoded on first use). */
  readonly certificate: () => PeerCertificate | undefined;
}

export interface ApiServerOptions {
  readonly methods: readonly MethodInfo[];
  /** The caller's roles; throw an ApiError to refuse the call. */
  readonly authenticate: (caller: Caller) => ReadonlySet<Role>;
  readonly authorize: (method: string, roles: ReadonlySet<Role>) => boolean;
  /**
   * Methods that exist but are refused as unimplemented when authorized (not built yet). Absent: the
   * backend decides (apid, whose calls may be served by another node).
   */
  readonly isImplemented?: (method: string) => boolean;
  readonly route: (ctx: CallContext) => Backend;
  readonly maxReceiveMessageBytes?: number;
}

type AnyCall =
  | grpc.ServerUnaryCall<Buffer, Buffer>
  | grpc.ServerReadableStream<Buffer, Buffer>
  | grpc.ServerWritableStream<Buffer, Buffer>
  | grpc.ServerDuplexStream<Buffer, Buffer>;

const passthrough = (b: Buffer): Buffer => b;

/** The call's deadline in ms since the epoch (Infinity when the caller set none). */
function deadlineOf(call: grpc.ServerUnaryCall<Buffer, Buffer>): number {
  const d = call.getDeadline();
  return d instanceof Date ? d.getTime() : d;
}

export class ApiServer {
  readonly grpc: grpc.Server;
  /** Aborts of the calls running now. */
  private readonly active = new Set<() => void>();
  private stopped = false;
  private readonly listeners: TlsListener[] = [];

  constructor(private readonly opts: ApiServerOptions) {
    this.grpc = new grpc.Server({
      'grpc.max_receive_message_length': opts.maxReceiveMessageBytes ?? 32 * 1024 * 1024,
      'grpc.max_send_message_length': -1,
    });
    for (const m of opts.methods) this.registerMethod(m);
  }

  /** Binds `host:port`; answers the bound port. */
  async listen(address: string, credentials: grpc.ServerCredentials): Promise<number> {
    return new Promise((resolve, reject) => {
      this.grpc.bindAsync(address, credentials, (err, port) => (err ? reject(err) : resolve(port)));
    });
  }

  /**
   * Listens on `host:port` with TLS ended by a TlsListener (which refuses client certificates with
   * Go's TLS alerts); accepted connections are handed to the gRPC server. Answers the listener, whose
   * certificates can be replaced while it runs, and the bound port.
   */
  async listenTLS(address: string, tls: ServerTLS): Promise<{ listener: TlsListener; port: number }> {
    const injector = this.grpc.createConnectionInjector(grpc.ServerCredentials.createInsecure());
    const listener = new TlsListener(tls, (socket) => injector.injectConnection(socket));
    const at = address.lastIndexOf(':');
    const host = address.slice(0, at).replace(/^\[(.*)\]$/, '$1');
    const port = await listener.listen(host, Number(address.slice(at + 1)));
    this.listeners.push(listener);
    return { listener, port };
  }

  /**
   * Stops accepting calls and cancels streams; running unary calls get up to `graceMs` to finish, and
   * every answer given meanwhile (or just before) the time to reach its client: each connection is
   * closed once its last call has ended (idle ones at once), as Go's GracefulStop does, and only what is
   * still open when the grace is over is cut. A call whose success stops this server (apid's switch out
   * of maintenance after an insecure apply) is thus answered whatever the load on the machine.
   */
  async stop(graceMs = 5_000): Promise<void> {
    this.stopped = true;
    for (const l of this.listeners) l.close();
    for (const abort of this.active) abort();
    const closed = new Promise<void>((resolve) => this.grpc.tryShutdown(() => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([closed, graceOver]);
    clearTimeout(timer);
    this.grpc.forceShutdown();
  }

  /** Authenticates and authorizes the call; the context's signal fires on cancel or server stop. */
  private context(m: MethodInfo, call: AnyCall): { ctx: CallContext; done: () => void } {
    const caller: Caller = {
      metadata: call.metadata,
      peer: call.getPeer(),
      certificate: () => peerCertificate(call),
    };
    const roles = this.opts.authenticate(caller);
    if (!this.opts.authorize(m.path, roles)) throw permissionDenied();
    if (this.opts.isImplemented && !this.opts.isImplemented(m.path)) throw unimplemented(m.path);
    // The abort signal is made only if the implementation asks for it (most unary calls do not).
    let controller: AbortController | undefined;
    let aborted = this.stopped;
    const abort = (): void => {
      aborted = true;
      controller?.abort();
    };
    const emitter = call as grpc.ServerUnaryCall<Buffer, Buffer>;
    const deadline = deadlineOf(emitter);
    emitter.once('cancelled', abort);
    this.active.add(abort);
    const done = (): void => {
      emitter.removeListener('cancelled', abort);
      this.active.delete(abort);
    };
    const ctx: CallContext = {
      method: m.path,
      metadata: call.metadata,
      roles,
      peer: caller.peer,
      deadline,
      authority: emitter.getHost(),
      get signal(): AbortSignal {
        if (!controller) {
          controller = new AbortController();
          if (aborted) controller.abort();
        }
        return controller.signal;
      },
    };
    return { ctx, done };
  }

  private registerMethod(m: MethodInfo): void {
    const type = m.requestStream
      ? m.responseStream
        ? 'bidi'
        : 'clientStream'
      : m.responseStream
        ? 'serverStream'
        : 'unary';
    const handler = this.handlerFor(m, type);
    this.grpc.register(m.path, handler, passthrough, passthrough, type);
  }

  private handlerFor(
    m: MethodInfo,
    type: 'unary' | 'clientStream' | 'serverStream' | 'bidi',
  ): grpc.UntypedHandleCall {
    switch (type) {
      case 'unary':
        return (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
          this.run(m, call, (ctx) => this.opts.route(ctx).unary(m, call.request, ctx)).then(
            (res) => cb(null, res),
            (e: unknown) => cb(toStatus(e)),
          );
        };
      case 'clientStream':
        return (call: grpc.ServerReadableStream<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
          this.run(m, call, (ctx) => this.opts.route(ctx).clientStream(m, call, ctx)).then(
            (res) => cb(null, res),
            (e: unknown) => cb(toStatus(e)),
          );
        };
      case 'serverStream':
        return (call: grpc.ServerWritableStream<Buffer, Buffer>) => {
          this.stream(m, call, (ctx, send) => this.opts.route(ctx).serverStream(m, call.request, ctx, send));
        };
      case 'bidi':
        return (call: grpc.ServerDuplexStream<Buffer, Buffer>) => {
          this.stream(m, call, (ctx, send) => this.opts.route(ctx).bidi(m, call, ctx, send));
        };
    }
  }

  private async run<T>(m: MethodInfo, call: AnyCall, fn: (ctx: CallContext) => Promise<T>): Promise<T> {
    const { ctx, done } = this.context(m, call);
    try {
      return await fn(ctx);
    } finally {
      done();
    }
  }

  private stream(
    m: MethodInfo,
    call: grpc.ServerWritableStream<Buffer, Buffer> | grpc.ServerDuplexStream<Buffer, Buffer>,
    fn: (ctx: CallContext, send: (b: Buffer) => Promise<void>) => Promise<void>,
  ): void {
    let signal: AbortSignal | undefined;
    const send = async (b: Buffer): Promise<void> => {
      if (signal?.aborted) throw new ApiError(grpc.status.CANCELLED, 'call cancelled');
      if (!call.write(b)) await once(call, 'drain', signal ? { signal } : {});
    };
    this.run(m, call, (ctx) => {
      signal = ctx.signal;
      return fn(ctx, send);
    }).then(
      () => call.end(),
      (e: unknown) => {
        if (!call.cancelled) call.emit('error', toStatus(e));
      },
    );
  }
}
