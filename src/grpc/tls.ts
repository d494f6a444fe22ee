// Server TLS for apid and trustd.
import type { SecureContextOptions } from 'node:tls';
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

/**
 * Server credentials whose certificate and client CAs can be replaced while the server runs: new
 * connections get the new ones, connections already open keep theirs (as Talos's apid, which reloads
 * its certificates without restarting its listener, so a CA rotation never cuts a client off).
 */
export class ReloadableServerCredentials extends ServerCredentials {
  constructor(private current: ServerTLS) {
    super({ requestCert: current.requireClientCert }, ReloadableServerCredentials.contextOptions(current));
  }

  /** Takes effect for the next TLS handshake; whether client certificates are asked for is fixed. */
  update(tls: ServerTLS): void {
    if (tls.requireClientCert !== this.current.requireClientCert)
      throw new Error('whether client certificates are required cannot change on a running server');
    this.current = tls;
    this.updateSecureContextOptions(ReloadableServerCredentials.contextOptions(tls));
  }

  _equals(other: ServerCredentials): boolean {
    return other === this;
  }

  private static contextOptions(tls: ServerTLS): SecureContextOptions {
    if (tls.requireClientCert && !tls.clientCAsPem)
      throw new Error('client certificates are required but no client CA is given');
    // see serverCredentials: without client certificates the CA list is never used
    return {
      ca: Buffer.from(tls.clientCAsPem ?? tls.certPem),
      cert: Buffer.from(tls.certPem),
      key: Buffer.from(tls.keyPem),
    };
  }
}
