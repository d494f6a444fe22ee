// apid's TLS material: a throw-away self-signed certificate in maintenance mode, and a server
// certificate issued from the machine's OS CA once configured.
import { generateCA, issueCertificate } from '../../pki';
import type { APICertsSpec } from '../../resources/secrets/api-certificates';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

export interface CertSANs {
  readonly ips: readonly string[];
  readonly dnsNames: readonly string[];
}

export async function maintenanceCertificates(sans: CertSANs): Promise<APICertsSpec> {
  const ca = await generateCA({ organizations: ['talos'], keyAlgorithm: 'ed25519' });
  const server = await issueCertificate(ca, {
    commonName: 'maintenance-service.talos.dev',
    dnsNames: ['maintenance-service.talos.dev', ...sans.dnsNames],
    ipAddresses: [...sans.ips],
    extKeyUsage: 'server',
    validityMs: YEAR_MS,
  });
  return {
    acceptedCAs: [],
    server: { crt: server.certPem, key: server.keyPem },
    skipVerifyingClientCert: true,
  };
}

export interface OSCA {
  readonly crt: string;
  readonly key: string;
}

/** Server certificate signed by the OS CA; clients must chain to the OS CA or an accepted CA. */
export async function configuredCertificates(
  ca: OSCA,
  acceptedCAs: readonly string[],
  sans: CertSANs,
): Promise<APICertsSpec> {
  const server = await issueCertificate(
    { certPem: ca.crt, keyPem: ca.key },
    { dnsNames: [...sans.dnsNames], ipAddresses: [...sans.ips], extKeyUsage: 'server', validityMs: YEAR_MS },
  );
  return {
    acceptedCAs: [ca.crt, ...acceptedCAs],
    server: { crt: server.certPem, key: server.keyPem },
    skipVerifyingClientCert: false,
  };
}
