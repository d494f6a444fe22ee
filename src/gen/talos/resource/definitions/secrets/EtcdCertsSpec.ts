// Original file: proto/resource/definitions/secrets/secrets.proto

import type { PEMEncodedCertificateAndKey as _common_PEMEncodedCertificateAndKey, PEMEncodedCertificateAndKey__Output as _common_PEMEncodedCertificateAndKey__Output } from '../../../../common/PEMEncodedCertificateAndKey';

export interface EtcdCertsSpec {
  'etcd'?: (_common_PEMEncodedCertificateAndKey | null);
  'etcd_peer'?: (_common_PEMEncodedCertificateAndKey | null);
  'etcd_admin'?: (_common_PEMEncodedCertificateAndKey | null);
  'etcd_api_server'?: (_common_PEMEncodedCertificateAndKey | null);
}

export interface EtcdCertsSpec__Output {
  'etcd': (_common_PEMEncodedCertificateAndKey__Output | null);
  'etcd_peer': (_common_PEMEncodedCertificateAndKey__Output | null);
  'etcd_admin': (_common_PEMEncodedCertificateAndKey__Output | null);
  'etcd_api_server': (_common_PEMEncodedCertificateAndKey__Output | null);
}
