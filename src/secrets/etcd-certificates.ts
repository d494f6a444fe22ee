// The etcd certificates Talos issues for a node (internal/pkg/etcd CertificateGenerator): what they carry,
// how to issue them, and whether an existing set still matches the inputs.
import { issueCertificate, loadCertAndKey, type ExtKeyUsage } from '../pki';
import { ipAddressBytes } from '../pki/x509-build';
import type { PEMCertificateAndKey } from '../resources/secrets/api-certificates';
import type { EtcdCertsSpec } from '../resources/secrets/etcd-secrets';

/** 87600h, as Talos. */
const VALIDITY_MS = 87600 * 60 * 60 * 1000;

export interface EtcdCertInputs {
  readonly ca: PEMCertificateAndKey;
  readonly hostname: string;
  readonly domainname: string;
  /** The node's addresses (Talos: NodeAddresses accumulative, no-k8s filter). */
  readonly addresses: readonly string[];
}

interface Profile {
  readonly commonName: string;
  readonly dnsNames: string[];
  readonly ipAddresses: string[];
  readonly extKeyUsage: ExtKeyUsage;
}

/** Talos `HostnameStatusSpec.DNSNames()`: the hostname and, with a domain, the FQDN. */
function dnsNames(i: EtcdCertInputs): string[] {
  if (i.hostname === '') return [];
  return i.domainname === '' ? [i.hostname] : [i.hostname, `${i.hostname}.${i.domainname}`];
}

/** Each certificate's subject and SANs; server also gets localhost, 127.0.0.1 and ::1. */
export function profiles(i: EtcdCertInputs): Record<keyof EtcdCertsSpec, Profile> {
  const names = dnsNames(i);
  const addrs = [...i.addresses];
  return {
    etcd: {
      commonName: i.hostname,
      dnsNames: [...names, 'localhost'],
      ipAddresses: [...addrs, '127.0.0.1', '::1'],
      extKeyUsage: 'both',
    },
    etcdPeer: { commonName: i.hostname, dnsNames: names, ipAddresses: addrs, extKeyUsage: 'both' },
    etcdAdmin: { commonName: 'talos', dnsNames: [], ipAddresses: [], extKeyUsage: 'client' },
    etcdAPIServer: { commonName: 'kube-apiserver', dnsNames: [], ipAddresses: [], extKeyUsage: 'client' },
  };
}

const KEYS = ['etcd', 'etcdPeer', 'etcdAdmin', 'etcdAPIServer'] as const;

/** Issues the four certificates with the etcd CA; leaf keys follow the CA (ECDSA P-256 for Talos's CA). */
export async function issueEtcdCerts(i: EtcdCertInputs): Promise<EtcdCertsSpec> {
  const ca = loadCertAndKey(i.ca);
  const p = profiles(i);
  const issue = async (prof: Profile): Promise<PEMCertificateAndKey> => {
    const c = await issueCertificate(ca, {
      commonName: prof.commonName,
      dnsNames: prof.dnsNames,
      ipAddresses: prof.ipAddresses,
      extKeyUsage: prof.extKeyUsage,
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      validityMs: VALIDITY_MS,
    });
    return { crt: c.certPem, key: c.keyPem };
  };
  const [etcd, etcdPeer, etcdAdmin, etcdAPIServer] = await Promise.all(KEYS.map((k) => issue(p[k])));
  if (!etcd || !etcdPeer || !etcdAdmin || !etcdAPIServer) throw new Error('etcd certificate missing');
  return { etcd, etcdPeer, etcdAdmin, etcdAPIServer };
}

const ipKey = (ip: string): string => ipAddressBytes(ip).toString('hex');
const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
};

/** True when every certificate is valid now, issued by this CA, and carries what the inputs ask for. */
export function certsMatch(spec: EtcdCertsSpec, i: EtcdCertInputs): boolean {
  const ca = loadCertAndKey(i.ca);
  const p = profiles(i);
  const now = Date.now();
  return KEYS.every((k) => {
    try {
      const pair = loadCertAndKey(spec[k]);
      const f = pair.parsed;
      return (
        pair.cert.checkIssued(ca.cert) &&
        pair.cert.verify(ca.cert.publicKey) &&
        f.notAfter.getTime() > now &&
        (f.subject.commonName ?? '') === p[k].commonName &&
        sameSet(f.dnsNames, p[k].dnsNames) &&
        sameSet(f.ipAddresses.map(ipKey), p[k].ipAddresses.map(ipKey))
      );
    } catch (e: unknown) {
      if (e instanceof Error) return false;
      throw e;
    }
  });
}
