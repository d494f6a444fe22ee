// OSRootSecrets.secrets.talos.dev: the OS (Talos API) root of trust from the machine config (id "os"):
// the issuing CA (control plane only: a worker's config has the certificate without the key), the CAs
// apid clients may chain to, extra certificate SANs and machine.token; sensitive.
import { ipAddressBytes } from '../../pki/x509-build';
import { defineResource, pointerTo } from '../definition';
import type { PEMCertificateAndKey } from './api-certificates';
import { pemPairToProto, pemPairToYAML } from './etcd-root';

export const OS_ROOT_ID = 'os';

export interface OSRootSpec {
  /** machine.ca with its key (PEM); absent when the config has no key. */
  issuingCA?: PEMCertificateAndKey;
  /** PEM certificates: machine.acceptedCAs, then machine.ca's certificate. */
  acceptedCAs: string[];
  /** The IP addresses of machine.certSANs. */
  certSANIPs: string[];
  /** The other machine.certSANs (and the Kubernetes Talos API service names when that feature is on). */
  certSANDNSNames: string[];
  /** machine.token */
  token: string;
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

export const OSRootDefinition = defineResource<OSRootSpec>({
  type: 'OSRootSecrets.secrets.talos.dev',
  defaultNamespace: 'secrets',
  sensitive: true,
  protoSpec: 'talos.resource.definitions.secrets.OSRootSpec',
  toProto: (s) => ({
    ...(s.issuingCA ? { issuing_ca: pemPairToProto(s.issuingCA) } : {}),
    cert_sani_ps: s.certSANIPs.map((ip) => ({ ip: ipAddressBytes(ip) })),
    cert_sandns_names: s.certSANDNSNames,
    token: s.token,
    accepted_c_as: s.acceptedCAs.map((crt) => ({ crt: Buffer.from(crt) })),
  }),
  toYAML: (s) => ({
    issuingCA: s.issuingCA ? pemPairToYAML(s.issuingCA) : null,
    acceptedCAs: s.acceptedCAs.map((crt) => ({ crt: b64(crt) })),
    certSANIPs: s.certSANIPs,
    certSANDNSNames: s.certSANDNSNames,
    token: s.token,
  }),
});

export const OS_ROOT = pointerTo(OSRootDefinition, OS_ROOT_ID);
