// A grpc-js client for tests, over the same API definition the agent loads: insecure (as
// `talosctl --insecure`) or with a talosconfig's client certificate.
import * as grpc from '@grpc/grpc-js';
import { apiSchema } from '../../src/grpc/api-schema';
import { toNodeKeyPem } from '../../src/pki';

export interface ClientTLS {
  readonly caPem?: string;
  readonly certPem?: string;
  readonly keyPem?: string;
}

export class TestClient {
  private readonly client: grpc.Client;
  private readonly methods = new Map(apiSchema().methods.map((m) => [m.path, m]));

  /** `options`: grpc-js channel options, e.g. `grpc.use_local_subchannel_pool` for a connection of its own. */
  constructor(address: string, tls: ClientTLS = {}, options: grpc.ChannelOptions = {}) {
    const insecure = tls.caPem === undefined;
    const creds = grpc.credentials.createSsl(
      tls.caPem ? Buffer.from(tls.caPem) : null,
      tls.keyPem ? Buffer.from(toNodeKeyPem(tls.keyPem)) : null,
      tls.certPem ? Buffer.from(tls.certPem) : null,
      insecure ? { rejectUnauthorized: false, checkServerIdentity: () => undefined } : {},
    );
    this.client = new grpc.Client(`${address}:50000`, creds, options);
  }

  close(): void {
    this.client.close();
  }

  private method(path: string) {
    const m = this.methods.get(path);
    if (!m) throw new Error(`no method ${path}`);
    return m;
  }

  unary<Res = Record<string, unknown>>(
    path: string,
    req: object,
    metadata = new grpc.Metadata(),
    /** The call's deadline (an Upgrade pulls its image before it answers). */
    timeoutMs = 20_000,
  ): Promise<Res> {
    const m = this.method(path);
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        path,
        m.requestSerialize,
        m.responseDeserialize,
        req,
        metadata,
        { deadline: Date.now() + timeoutMs },
        (err, res) => (err ? reject(err) : resolve(res as Res)),
      );
    });
  }

  /** Sends every request of a client stream, then resolves with the single answer. */
  clientStream<Res = Record<string, unknown>>(path: string, reqs: readonly object[]): Promise<Res> {
    const m = this.method(path);
    return new Promise((resolve, reject) => {
      const call = this.client.makeClientStreamRequest(
        path,
        m.requestSerialize,
        m.responseDeserialize,
        new grpc.Metadata(),
        { deadline: Date.now() + 60_000 },
        (err, res) => (err ? reject(err) : resolve(res as Res)),
      );
      for (const r of reqs) call.write(r);
      call.end();
    });
  }

  /** The messages until `limit` of them, or until one satisfies `until` (included). */
  async serverStream<Res = Record<string, unknown>>(
    path: string,
    req: object,
    limit = Infinity,
    until?: (msg: Res, all: readonly Res[]) => boolean,
    metadata = new grpc.Metadata(),
  ): Promise<Res[]> {
    const m = this.method(path);
    const call = this.client.makeServerStreamRequest(
      path,
      m.requestSerialize,
      m.responseDeserialize,
      req,
      metadata,
      {
        deadline: Date.now() + 20_000,
      },
    );
    const out: Res[] = [];
    try {
      for await (const msg of call as AsyncIterable<Res>) {
        out.push(msg);
        if (out.length >= limit || until?.(msg, out)) break;
      }
    } finally {
      call.cancel();
    }
    return out;
  }

  /**
   * A server stream with no deadline, each message handed to `onMessage` as it comes, until `signal`
   * fires (then cancelled; resolves). Rejects on any error, and when the server ends the stream first.
   */
  follow<Res = Record<string, unknown>>(
    path: string,
    req: object,
    onMessage: (msg: Res) => void,
    signal: AbortSignal,
    metadata = new grpc.Metadata(),
  ): Promise<void> {
    const m = this.method(path);
    const call = this.client.makeServerStreamRequest(
      path,
      m.requestSerialize,
      m.responseDeserialize,
      req,
      metadata,
      {},
    );
    return new Promise((resolve, reject) => {
      const cancel = (): void => call.cancel();
      signal.addEventListener('abort', cancel, { once: true });
      const settle = (e?: Error): void => {
        signal.removeEventListener('abort', cancel);
        if (e) reject(e);
        else resolve();
      };
      call.on('data', (msg: Res) => onMessage(msg));
      call.on('error', (e: grpc.ServiceError) =>
        settle(signal.aborted && e.code === grpc.status.CANCELLED ? undefined : e),
      );
      call.on('end', () => settle(signal.aborted ? undefined : new Error(`${path}: the stream ended early`)));
    });
  }

  /** Sends every request of a bidirectional stream, then closes its side; every answer until the end. */
  async bidi<Res = Record<string, unknown>>(path: string, reqs: readonly object[]): Promise<Res[]> {
    const m = this.method(path);
    const call = this.client.makeBidiStreamRequest(
      path,
      m.requestSerialize,
      m.responseDeserialize,
      new grpc.Metadata(),
      {
        deadline: Date.now() + 60_000,
      },
    );
    for (const r of reqs) call.write(r);
    call.end();
    const out: Res[] = [];
    for await (const msg of call as AsyncIterable<Res>) out.push(msg);
    return out;
  }
}

export function grpcCode(e: unknown): number | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? (e as { code: number }).code : undefined;
}
