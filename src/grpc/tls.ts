// Server TLS for apid and trustd.
import { ServerCredentials } from '@grpc/grpc-js';

export interface ServerTLS {
  /** Server certificate chain, PEM. */
  readonly certPem: string;
  /** Server private key in a PEM form Node's TLS reads (PKCS#8 `PRIVATE KEY`, `EC PRIVATE KEY`, `RSA PRIVATE KEY`). */
  readonly keyPem: string;
  /** CAs that client certificates must chain to; required when client certificates are. */
  readonly clientCAsPem?: string;
  readonly requireClientCert: boolean;
}

export function serverCredentials(tls: ServerTLS): ServerCredentials {
  const pair = { cert_chain: Buffer.from(tls.certPem), private_key: Buffer.from(tls.keyPem) };
  if (!tls.requireClientCert) return ServerCredentials.createSsl(null, [pair], false);
  if (!tls.clientCAsPem) throw new Error('client certificates are required but no client CA is given');
  return ServerCredentials.createSsl(Buffer.from(tls.clientCAsPem), [pair], true);
}
