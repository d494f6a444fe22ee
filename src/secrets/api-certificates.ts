// Issuing apid's certificates from a CA this node holds (the OS CA on a control-plane node, the
// maintenance CA in maintenance mode), as Talos's APIController does: the CN is the SANs' FQDN, key
// usage digitalSignature, and the key of the CA's family.
import { issueCertificate, parseCertificate, spkiFingerprint } from '../pki';
import type { APICertsSpec, PEMCertificateAndKey } from '../resources/secrets/api-certificates';
import type { CertSANSpec } from '../resources/secrets/cert-sans';

/** role.Impersonator: apid presents a client certificate with this Organization when it proxies to another node. */
export const IMPERSONATOR_ORGANIZATION = 'os:impersonator';

export interface IssueTiming {
  readonly now: Date;
  readonly validityMs: number;
}

async function issue(
  ca: PEMCertificateAndKey,
  opts: Parameters<typeof issueCertificate>[1],
  timing: IssueTiming,
): Promise<PEMCertificateAndKey> {
  const cert = await issueCertificate(ca, {
    ...opts,
    keyUsage: ['digitalSignature'],
    notBefore: timing.now,
    notAfter: new Date(timing.now.getTime() + timing.validityMs),
  });
  return { crt: cert.certPem, key: cert.keyPem };
}

const serverOptions = (sans: CertSANSpec) => ({
  commonName: sans.fqdn,
  dnsNames: [...sans.dnsNames],
  ipAddresses: [...sans.ips],
  extKeyUsage: 'server' as const,
});

/** A control-plane node's: server certificate and `os:impersonator` client certificate from the OS CA. */
export async function controlPlaneAPICerts(
  issuingCA: PEMCertificateAndKey,
  acceptedCAs: readonly string[],
  sans: CertSANSpec,
  timing: IssueTiming,
): Promise<APICertsSpec> {
  const [server, client] = await Promise.all([
    issue(issuingCA, serverOptions(sans), timing),
    issue(
      issuingCA,
      { commonName: sans.fqdn, organizations: [IMPERSONATOR_ORGANIZATION], extKeyUsage: 'client' },
      timing,
    ),
  ]);
  return { acceptedCAs: [...acceptedCAs], server, client, skipVerifyingClientCert: false };
}

/** Maintenance mode's: a server certificate from the maintenance CA; clients are not asked for one. */
export async function maintenanceAPICerts(
  ca: PEMCertificateAndKey,
  sans: CertSANSpec,
  timing: IssueTiming,
): Promise<APICertsSpec> {
  const server = await issue(ca, serverOptions(sans), timing);
  return { acceptedCAs: [], server, skipVerifyingClientCert: true };
}

/** When a certificate is due for renewal: half-way through its life. */
export function refreshTimeOf(crt: string): number {
  const c = parseCertificate(crt);
  return c.notBefore.getTime() + (c.notAfter.getTime() - c.notBefore.getTime()) / 2;
}

/** SPKI fingerprints for the log (`talosctl --cert-fingerprint` form). */
export function fingerprintsOf(spec: APICertsSpec): Record<string, string> {
  return {
    server: spkiFingerprint(spec.server.crt),
    ...(spec.client ? { client: spkiFingerprint(spec.client.crt) } : {}),
  };
}
