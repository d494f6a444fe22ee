// Original file: proto/resource/definitions/secrets/secrets.proto

import type { PEMEncodedCertificateAndKey as _common_PEMEncodedCertificateAndKey, PEMEncodedCertificateAndKey__Output as _common_PEMEncodedCertificateAndKey__Output } from '../../../../common/PEMEncodedCertificateAndKey';

export interface KubernetesDynamicCertsSpec {
  'api_server'?: (_common_PEMEncodedCertificateAndKey | null);
  'api_server_kubelet_client'?: (_common_PEMEncodedCertificateAndKey | null);
  'front_proxy'?: (_common_PEMEncodedCertificateAndKey | null);
}

export interface KubernetesDynamicCertsSpec__Output {
  'api_server': (_common_PEMEncodedCertificateAndKey__Output | null);
  'api_server_kubelet_client': (_common_PEMEncodedCertificateAndKey__Output | null);
  'front_proxy': (_common_PEMEncodedCertificateAndKey__Output | null);
}
