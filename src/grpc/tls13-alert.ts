// A fatal TLS 1.3 alert record, encrypted with the server's application traffic secret as the first
// record the client reads under it (RFC 8446 §5.2, §7.1, §7.3). Node's TLS checks client certificates
// only after the handshake and cannot send an alert itself; Talos (Go) answers a certificate from a
// foreign CA with `unknown_ca`, which is what tells a user their talosconfig is wrong.
import { createCipheriv, createHmac, type CipherGCM } from 'node:crypto';

export const ALERT = {
  badCertificate: 42,
  certificateExpired: 45,
  unknownCA: 48,
  certificateRequired: 116,
} as const;

interface Suite {
  readonly cipher: 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305';
  readonly hash: 'sha256' | 'sha384';
  readonly keyLength: number;
}

const SUITES: Readonly<Record<string, Suite>> = {
  TLS_AES_128_GCM_SHA256: { cipher: 'aes-128-gcm', hash: 'sha256', keyLength: 16 },
  TLS_AES_256_GCM_SHA384: { cipher: 'aes-256-gcm', hash: 'sha384', keyLength: 32 },
  TLS_CHACHA20_POLY1305_SHA256: { cipher: 'chacha20-poly1305', hash: 'sha256', keyLength: 32 },
};

/** HKDF-Expand-Label (RFC 8446 §7.1) with an empty context, for lengths up to one hash block. */
function expandLabel(hash: string, secret: Buffer, label: string, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'ascii');
  const info = Buffer.concat([
    Buffer.from([length >> 8, length & 0xff, full.length]),
    full,
    Buffer.from([0]),
  ]);
  return createHmac(hash, secret)
    .update(Buffer.concat([info, Buffer.from([1])]))
    .digest()
    .subarray(0, length);
}

/** Whether alerts can be sent on connections using this cipher suite (its standard name). */
export const canEncryptAlert = (suite: string): boolean => suite in SUITES;

/**
 * The record carrying a fatal alert `description`, for a connection using `suite` whose server
 * application traffic secret is `secret`, sent as record number `seq` under that secret.
 */
export function fatalAlertRecord(suite: string, secret: Buffer, description: number, seq = 0n): Buffer {
  const s = SUITES[suite];
  if (!s) throw new Error(`no alert encryption for cipher suite ${suite}`);
  const key = expandLabel(s.hash, secret, 'key', s.keyLength);
  const iv = expandLabel(s.hash, secret, 'iv', 12);
  const nonce = Buffer.from(iv);
  for (let i = 0; i < 8; i++) nonce[11 - i]! ^= Number((seq >> BigInt(8 * i)) & 0xffn);
  // TLSInnerPlaintext: the alert (level fatal, description), then its real content type (21, alert)
  const inner = Buffer.from([2, description, 21]);
  const header = Buffer.from([23, 3, 3, 0, inner.length + 16]);
  // GCM and ChaCha20-Poly1305 ciphers share the AEAD methods
  const cipher = createCipheriv(s.cipher, key, nonce, { authTagLength: 16 } as never) as unknown as CipherGCM;
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(inner), cipher.final(), cipher.getAuthTag()]);
  return Buffer.concat([header, body]);
}
