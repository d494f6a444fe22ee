// Original file: proto/resource/definitions/cri/cri.proto

import type { PEMEncodedCertificateAndKey as _common_PEMEncodedCertificateAndKey, PEMEncodedCertificateAndKey__Output as _common_PEMEncodedCertificateAndKey__Output } from '../../../../common/PEMEncodedCertificateAndKey';

export interface RegistryTLSConfig {
  'tls_client_identity'?: (_common_PEMEncodedCertificateAndKey | null);
  'tlsca'?: (Buffer | Uint8Array | string);
  'tls_insecure_skip_verify'?: (boolean);
}

export interface RegistryTLSConfig__Output {
  'tls_client_identity': (_common_PEMEncodedCertificateAndKey__Output | null);
  'tlsca': (Buffer);
  'tls_insecure_skip_verify': (boolean);
}
