// SPKI fingerprint in the form talosctl's --cert-fingerprint takes: standard base64 (with padding)
// of SHA-256 over the certificate's DER SubjectPublicKeyInfo.

import { createHash, X509Certificate } from 'node:crypto';

import { parseCertificate, parseCertificateFromDer, type ParsedCertificate } from './certificate';

export function spkiFingerprint(cert: string | Buffer | X509Certificate | ParsedCertificate): string {
  let spki: Buffer;
  if (cert instanceof X509Certificate) spki = parseCertificateFromDer(cert.raw).spki;
  else if (typeof cert === 'string' || Buffer.isBuffer(cert)) spki = parseCertificate(cert).spki;
  else spki = cert.spki;
  return createHash('sha256').update(spki).digest('base64');
}

/** Compares two fingerprints (base64 text); tolerant of surrounding whitespace. */
export function fingerprintsEqual(a: string, b: string): boolean {
  return Buffer.from(a.trim(), 'base64').equals(Buffer.from(b.trim(), 'base64'));
}
