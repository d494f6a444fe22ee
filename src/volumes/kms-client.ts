// A client of a KMS server as Talos's `kms` disk-encryption key uses it (the sidero.kms.KMSService API:
// Seal and Unseal, each a node UUID and bytes). The endpoint is Talos's form: `grpc://host:port` is
// plain gRPC, `https://host[:port]` is gRPC over TLS verified against the system's roots (port 443 by
// default), and no scheme means `grpc://`. Errors name the endpoint and the server's status, never data.
import * as grpc from '@grpc/grpc-js';
import { rootCertificates } from 'node:tls';
import protobuf from 'protobufjs/minimal';
import { errorMessage } from '../error-message';

const SEAL = '/sidero.kms.KMSService/Seal';
const UNSEAL = '/sidero.kms.KMSService/Unseal';
const TIMEOUT_MS = 10_000;

export class KmsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KmsError';
  }
}

export interface KmsEndpoint {
  /** host:port to dial. */
  readonly target: string;
  readonly insecure: boolean;
}

/** Talos's reading of a KMS endpoint. */
export function parseKmsEndpoint(endpoint: string): KmsEndpoint {
  const withScheme = /^[a-zA-Z]+:\/\//.test(endpoint) ? endpoint : `grpc://${endpoint}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new KmsError(`invalid KMS endpoint ${JSON.stringify(endpoint)}`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (url.host === '') throw new KmsError(`KMS endpoint ${JSON.stringify(endpoint)} names no host`);
  // URL drops a scheme's default port (443 for https); Talos dials https on 443 when none is given.
  const port = url.port || (scheme === 'https' ? '443' : '');
  if (port === '') throw new KmsError(`KMS endpoint ${JSON.stringify(endpoint)} names no port`);
  return { target: `${url.hostname}:${port}`, insecure: scheme === 'grpc' };
}

const encodeRequest = (nodeUuid: string, data: Uint8Array): Buffer => {
  const w = protobuf.Writer.create();
  if (nodeUuid !== '') w.uint32(10).string(nodeUuid);
  if (data.length > 0) w.uint32(18).bytes(data);
  return Buffer.from(w.finish());
};

const decodeResponse = (b: Buffer): Buffer => {
  const r = protobuf.Reader.create(b);
  let data: Buffer = Buffer.alloc(0);
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === 2) data = Buffer.from(r.bytes());
    else r.skipType(tag & 7);
  }
  return data;
};

export class KmsClient {
  private readonly endpoint: KmsEndpoint;

  constructor(private readonly raw: string) {
    this.endpoint = parseKmsEndpoint(raw);
  }

  seal(nodeUuid: string, data: Buffer, signal: AbortSignal): Promise<Buffer> {
    return this.call(SEAL, nodeUuid, data, signal);
  }

  unseal(nodeUuid: string, data: Buffer, signal: AbortSignal): Promise<Buffer> {
    return this.call(UNSEAL, nodeUuid, data, signal);
  }

  private call(path: string, nodeUuid: string, data: Buffer, signal: AbortSignal): Promise<Buffer> {
    const creds = this.endpoint.insecure
      ? grpc.credentials.createInsecure()
      : grpc.credentials.createSsl(Buffer.from(rootCertificates.join('\n')));
    const client = new grpc.Client(this.endpoint.target, creds);
    const what = path === SEAL ? 'seal' : 'unseal';
    return new Promise<Buffer>((resolve, reject) => {
      const call = client.makeUnaryRequest(
        path,
        (b: Buffer) => b,
        (b: Buffer) => b,
        encodeRequest(nodeUuid, data),
        new grpc.Metadata(),
        { deadline: Date.now() + TIMEOUT_MS },
        (err, res) => {
          signal.removeEventListener('abort', cancel);
          client.close();
          if (err) {
            const code = grpc.status[err.code] ?? String(err.code);
            return reject(
              new KmsError(`KMS ${what} at ${this.raw} failed: ${code}: ${err.details || errorMessage(err)}`),
            );
          }
          resolve(decodeResponse(res ?? Buffer.alloc(0)));
        },
      );
      const cancel = (): void => call.cancel();
      if (signal.aborted) cancel();
      else signal.addEventListener('abort', cancel, { once: true });
    });
  }
}
