// The API's TLS listener: TLS is ended here and the connection handed to gRPC only once its client
// certificate is accepted. A refused certificate gets the TLS alert Go's servers send (`unknown_ca`
// for a foreign CA, `certificate_expired`, `bad_certificate`, `certificate_required`) instead of the
// bare close Node's TLS does. Certificates and CAs can be replaced while it listens (new connections
// get the new ones).
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { createSecureContext, TLSSocket, type SecureContext } from 'node:tls';
import { ALERT, canEncryptAlert, fatalAlertRecord } from './tls13-alert';
import type { ServerTLS } from './tls';

const HANDSHAKE_TIMEOUT_MS = 30_000;
const APPLICATION_DATA = 23;

/**
 * The raw connection as the TLS layer sees it. Once the client's encrypted handshake flight has been
 * passed in, what the TLS layer writes (its session tickets) is held until the client certificate is
 * judged: sent if accepted, replaced by an alert if not, so that the alert is the first record the
 * client reads under the application keys.
 */
class HoldingTap extends Duplex {
  private holding = false;
  private released = false;
  private held: Buffer[] = [];
  private header = Buffer.alloc(0);
  private remaining = 0;

  constructor(readonly raw: Socket) {
    super();
    raw.on('data', (chunk: Buffer) => {
      if (!this.released && this.sawApplicationData(chunk)) this.holding = true;
      if (!this.push(chunk)) raw.pause();
    });
    raw.on('end', () => this.push(null));
    raw.on('error', (e) => this.destroy(e));
    raw.on('close', () => this.destroy());
  }

  /** Walks record headers across chunks; true once a record of type application_data starts. */
  private sawApplicationData(chunk: Buffer): boolean {
    let seen = false;
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - at);
        this.remaining -= n;
        at += n;
        continue;
      }
      const need = 5 - this.header.length;
      this.header = Buffer.concat([this.header, chunk.subarray(at, at + need)]);
      at += Math.min(need, chunk.length - at);
      if (this.header.length === 5) {
        if (this.header[0] === APPLICATION_DATA) seen = true;
        this.remaining = this.header.readUInt16BE(3);
        this.header = Buffer.alloc(0);
      }
    }
    return seen;
  }

  override _read(): void {
    this.raw.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    if (this.holding) {
      this.held.push(chunk);
      cb();
    } else this.raw.write(chunk, cb);
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.raw.end(cb);
  }

  override _destroy(e: Error | null, cb: (e?: Error | null) => void): void {
    this.raw.destroy();
    cb(e);
  }

  /** The client is accepted: what was held goes out, and everything after it. */
  release(): void {
    this.released = true;
    this.holding = false;
    for (const b of this.held) this.raw.write(b);
    this.held = [];
  }

  /** The client is refused: what was held is dropped, `record` sent, the connection closed. */
  refuse(record: Buffer | undefined): void {
    this.held = [];
    if (record) this.raw.end(record);
    else this.raw.destroy();
  }
}

/**
 * OpenSSL's verdict on the client's certificate chain, as Node's own TLS server reads it (a TLS socket
 * made by hand does not set `authorized` itself): undefined when it verified, else the error code.
 */
function verifyError(socket: TLSSocket): string | undefined {
  const peer = socket.getPeerCertificate();
  if (!peer || Object.keys(peer).length === 0) return 'NO_CERTIFICATE';
  const handle = (socket as unknown as { _handle?: { verifyError?: () => { code?: string } | null } })
    ._handle;
  if (typeof handle?.verifyError !== 'function') return 'UNVERIFIED';
  const e = handle.verifyError();
  return e ? (e.code ?? 'UNVERIFIED') : undefined;
}

/** The alert Go's TLS server sends for a client certificate refused with this OpenSSL error code. */
export function alertFor(code: string): number {
  if (code === 'NO_CERTIFICATE') return ALERT.certificateRequired;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return ALERT.certificateExpired;
  if (/ISSUER|SELF_SIGNED|LEAF_SIGNATURE/.test(code)) return ALERT.unknownCA;
  return ALERT.badCertificate;
}

export class TlsListener {
  private context: SecureContext;
  private readonly server: Server;
  private readonly pending = new Set<Socket>();

  constructor(
    private tls: ServerTLS,
    /** Takes an accepted connection (HTTP/2 follows). */
    private readonly accept: (socket: TLSSocket) => void,
  ) {
    this.context = TlsListener.contextOf(tls);
    this.server = createServer((raw) => this.connection(raw));
  }

  private static contextOf(tls: ServerTLS): SecureContext {
    if (tls.requireClientCert && !tls.clientCAsPem)
      throw new Error('client certificates are required but no client CA is given');
    // without client certificates the CA list is never used: the server's own chain stands in
    return createSecureContext({ ca: tls.clientCAsPem ?? tls.certPem, cert: tls.certPem, key: tls.keyPem });
  }

  /** Takes effect for the next TLS handshake; whether client certificates are asked for is fixed. */
  update(tls: ServerTLS): void {
    if (tls.requireClientCert !== this.tls.requireClientCert)
      throw new Error('whether client certificates are required cannot change on a running listener');
    this.context = TlsListener.contextOf(tls);
    this.tls = tls;
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /**
   * Stops listening (the port is free at once) and drops connections still in their handshake; the
   * accepted ones belong to the gRPC server, which closes them.
   */
  close(): void {
    for (const raw of this.pending) raw.destroy();
    this.server.close();
  }

  private connection(raw: Socket): void {
    this.pending.add(raw);
    // answers are small HTTP/2 frames: without this, Nagle waits for the client's delayed ACK (~40 ms)
    raw.setNoDelay(true);
    raw.once('close', () => this.pending.delete(raw));
    raw.on('error', () => raw.destroy());
    const requireCert = this.tls.requireClientCert;
    const tap = new HoldingTap(raw);
    const socket = new TLSSocket(tap, {
      isServer: true,
      secureContext: this.context,
      requestCert: requireCert,
      rejectUnauthorized: false,
      ALPNProtocols: ['h2'],
    });
    // gRPC names the caller by the TCP peer, which a TLS socket over a stream does not know itself
    for (const key of ['remoteAddress', 'remotePort', 'remoteFamily', 'localAddress', 'localPort'] as const)
      Object.defineProperty(socket, key, { value: raw[key], configurable: true });
    let trafficSecret: Buffer | undefined;
    socket.on('keylog', (line: Buffer) => {
      const [label, , secret] = line.toString('ascii').trim().split(' ');
      if (label === 'SERVER_TRAFFIC_SECRET_0' && secret) trafficSecret = Buffer.from(secret, 'hex');
    });
    const timer = setTimeout(() => socket.destroy(), HANDSHAKE_TIMEOUT_MS).unref();
    socket.on('error', () => {
      clearTimeout(timer);
      socket.destroy();
    });
    socket.once('secure', () => {
      clearTimeout(timer);
      this.pending.delete(raw);
      const refused = requireCert ? verifyError(socket) : undefined;
      if (refused === undefined) {
        socket.authorized = requireCert; // what gRPC reads to offer the peer certificate
        tap.release();
        // what Node's TLS server does before handing a socket on (HTTP/2 waits for it otherwise)
        (socket as unknown as { secureConnecting: boolean }).secureConnecting = false;
        this.accept(socket);
        return;
      }
      socket.authorizationError = new Error(refused);
      const suite = socket.getCipher().standardName;
      const record =
        socket.getProtocol() === 'TLSv1.3' && trafficSecret && canEncryptAlert(suite)
          ? fatalAlertRecord(suite, trafficSecret, alertFor(refused))
          : undefined;
      tap.refuse(record);
    });
  }
}
