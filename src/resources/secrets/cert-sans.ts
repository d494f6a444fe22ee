// CertSANs.secrets.talos.dev: the subject alternative names of a certificate the node issues itself
// (id "api" for apid's certificate, "k8s" for kube-apiserver's); sensitive as Talos marks it.
import { defineResource, pointerTo } from '../definition';
import { ipAddressBytes } from '../../pki/x509-build';

export const API_CERT_SANS_ID = 'api';
export const KUBERNETES_CERT_SANS_ID = 'k8s';
export const MAINTENANCE_CERT_SANS_ID = 'maintenance';

export interface CertSANSpec {
  /** IP addresses, sorted and unique. */
  ips: string[];
  /** DNS names, sorted and unique. */
  dnsNames: string[];
  /** The node's fully qualified name. */
  fqdn: string;
}

export const CertSANsDefinition = defineResource<CertSANSpec>({
  type: 'CertSANs.secrets.talos.dev',
  defaultNamespace: 'secrets',
  sensitive: true,
  protoSpec: 'talos.resource.definitions.secrets.CertSANSpec',
  toProto: (s) => ({
    i_ps: s.ips.map((ip) => ({ ip: ipAddressBytes(ip) })),
    dns_names: s.dnsNames,
    fqdn: s.fqdn,
  }),
  toYAML: (s) => ({ ips: s.ips, dnsNames: s.dnsNames, fqdn: s.fqdn }),
});

export const API_CERT_SANS = pointerTo(CertSANsDefinition, API_CERT_SANS_ID);
export const KUBERNETES_CERT_SANS = pointerTo(CertSANsDefinition, KUBERNETES_CERT_SANS_ID);
export const MAINTENANCE_CERT_SANS = pointerTo(CertSANsDefinition, MAINTENANCE_CERT_SANS_ID);
