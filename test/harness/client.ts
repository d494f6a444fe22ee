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

  constructor(address: string, tls: ClientTLS = {}) {
    const insecure = tls.caPem === undefined;
    const creds = grpc.credentials.createSsl(
      tls.caPem ? Buffer.from(tls.caPem) : null,
      tls.keyPem ? Buffer.from(toNodeKeyPem(tls.keyPem)) : null,
      tls.certPem ? Buffer.from(tls.certPem) : null,
      insecure ? { rejectUnauthorized: false, checkServerIdentity: () => undefined } : {},
    );
    this.client = new grpc.Client(`${address}:50000`, creds);
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
}

export function grpcCode(e: unknown): number | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? (e as { code: number }).code : undefined;
}
