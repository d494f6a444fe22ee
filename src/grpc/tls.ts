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
  // Given no CA, grpc-js loads Node's bundled root certificates (about 140) into every server context:
  // tens of milliseconds here, about a second on an emulated CPU at boot. No client certificate is
  // asked for, so the list is never used: the server's own chain (or the client CAs) stands in.
  if (!tls.requireClientCert)
    return ServerCredentials.createSsl(Buffer.from(tls.clientCAsPem ?? tls.certPem), [pair], false);
  if (!tls.clientCAsPem) throw new Error('client certificates are required but no client CA is given');
  return ServerCredentials.createSsl(Buffer.from(tls.clientCAsPem), [pair], true);
}
