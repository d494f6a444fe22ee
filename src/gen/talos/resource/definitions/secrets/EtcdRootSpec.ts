// Original file: proto/resource/definitions/secrets/secrets.proto

import type { PEMEncodedCertificateAndKey as _common_PEMEncodedCertificateAndKey, PEMEncodedCertificateAndKey__Output as _common_PEMEncodedCertificateAndKey__Output } from '../../../../common/PEMEncodedCertificateAndKey';

export interface EtcdRootSpec {
  'etcd_ca'?: (_common_PEMEncodedCertificateAndKey | null);
}

export interface EtcdRootSpec__Output {
  'etcd_ca': (_common_PEMEncodedCertificateAndKey__Output | null);
}
