// EtcdRootSecrets.secrets.talos.dev: the etcd CA from the machine config (id "etcd"); control plane only,
// sensitive.
import { defineResource, pointerTo } from '../definition';
import type { PEMCertificateAndKey } from './api-certificates';

export const ETCD_ROOT_ID = 'etcd';

export interface EtcdRootSpec {
  /** PEM text of the CA certificate and key (`cluster.etcd.ca`, base64-decoded). */
  etcdCA: PEMCertificateAndKey;
}

/** `common.PEMEncodedCertificateAndKey` with its fields as bytes. */
export const pemPairToProto = (p: PEMCertificateAndKey): Record<string, Buffer> => ({
  crt: Buffer.from(p.crt),
  key: Buffer.from(p.key),
});

/** Talos's YAML of `x509.PEMEncodedCertificateAndKey`: base64 of each PEM. */
export const pemPairToYAML = (p: PEMCertificateAndKey): Record<string, string> => ({
  crt: Buffer.from(p.crt).toString('base64'),
  key: Buffer.from(p.key).toString('base64'),
});

export const EtcdRootDefinition = defineResource<EtcdRootSpec>({
  type: 'EtcdRootSecrets.secrets.talos.dev',
  defaultNamespace: 'secrets',
  sensitive: true,
  protoSpec: 'talos.resource.definitions.secrets.EtcdRootSpec',
  toProto: (s) => ({ etcd_ca: pemPairToProto(s.etcdCA) }),
  toYAML: (s) => ({ etcdCA: pemPairToYAML(s.etcdCA) }),
});

export const ETCD_ROOT = pointerTo(EtcdRootDefinition, ETCD_ROOT_ID);
