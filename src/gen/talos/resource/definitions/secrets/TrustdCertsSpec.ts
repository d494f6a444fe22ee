// Original file: proto/resource/definitions/secrets/secrets.proto

import type { PEMEncodedCertificateAndKey as _common_PEMEncodedCertificateAndKey, PEMEncodedCertificateAndKey__Output as _common_PEMEncodedCertificateAndKey__Output } from '../../../../common/PEMEncodedCertificateAndKey';
import type { PEMEncodedCertificate as _common_PEMEncodedCertificate, PEMEncodedCertificate__Output as _common_PEMEncodedCertificate__Output } from '../../../../common/PEMEncodedCertificate';

export interface TrustdCertsSpec {
  'server'?: (_common_PEMEncodedCertificateAndKey | null);
  'accepted_c_as'?: (_common_PEMEncodedCertificate)[];
}

export interface TrustdCertsSpec__Output {
  'server': (_common_PEMEncodedCertificateAndKey__Output | null);
  'accepted_c_as': (_common_PEMEncodedCertificate__Output)[];
}
