// The few machine API calls `cluster create` makes, as talosctl makes them: over mTLS with the
// talosconfig's admin certificate to a control plane's apid, optionally to another node through it.
import { checkServerIdentity } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { apiSchema } from '../../grpc/api-schema';
import { toNodeKeyPem } from '../../pki';

export interface AdminCredentials {
  readonly ca: string;
  readonly crt: string;
  readonly key: string;
}

export class ClusterApi {
  private readonly client: grpc.Client;

  constructor(endpoint: string, creds: AdminCredentials) {
    // the server's name is checked against the endpoint's address here: TLS's server name (SNI) cannot
    // be an IP address, so the channel names the server `talos`
    const ssl = grpc.credentials.createSsl(
      Buffer.from(creds.ca),
      Buffer.from(toNodeKeyPem(creds.key)),
      Buffer.from(creds.crt),
      { checkServerIdentity: (_host, cert) => checkServerIdentity(endpoint, cert) },
    );
    this.client = new grpc.Client(`${endpoint}:50000`, ssl, { 'grpc.ssl_target_name_override': 'talos' });
  }

  close(): void {
    this.client.close();
  }

  call<Res = Record<string, unknown>>(
    method: string,
    req: object,
    node?: string,
    timeoutMs = 10_000,
  ): Promise<Res> {
    const path = `/machine.MachineService/${method}`;
    const m = apiSchema().methods.find((x) => x.path === path);
    if (!m) throw new Error(`no method ${path}`);
    const md = new grpc.Metadata();
    if (node !== undefined) md.set('node', node);
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        path,
        m.requestSerialize,
        m.responseDeserialize,
        req,
        md,
        { deadline: Date.now() + timeoutMs },
        (err, res) => (err ? reject(err) : resolve(res as Res)),
      );
    });
  }
}

/** Retries `fn` every `everyMs` until it resolves, `signal` aborts or the deadline passes (last error). */
export async function retryUntil<T>(
  fn: () => Promise<T>,
  deadline: number,
  signal: AbortSignal,
  everyMs = 500,
): Promise<T> {
  for (;;) {
    signal.throwIfAborted();
    try {
      return await fn();
    } catch (e: unknown) {
      if (Date.now() + everyMs > deadline) throw e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
