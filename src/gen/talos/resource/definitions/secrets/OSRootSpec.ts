// Original file: proto/resource/definitions/secrets/secrets.proto

import type { PEMEncodedCertificateAndKey as _common_PEMEncodedCertificateAndKey, PEMEncodedCertificateAndKey__Output as _common_PEMEncodedCertificateAndKey__Output } from '../../../../common/PEMEncodedCertificateAndKey';
import type { NetIP as _common_NetIP, NetIP__Output as _common_NetIP__Output } from '../../../../common/NetIP';
import type { PEMEncodedCertificate as _common_PEMEncodedCertificate, PEMEncodedCertificate__Output as _common_PEMEncodedCertificate__Output } from '../../../../common/PEMEncodedCertificate';

export interface OSRootSpec {
  'issuing_ca'?: (_common_PEMEncodedCertificateAndKey | null);
  'cert_sani_ps'?: (_common_NetIP)[];
  'cert_sandns_names'?: (string)[];
  'token'?: (string);
  'accepted_c_as'?: (_common_PEMEncodedCertificate)[];
}

export interface OSRootSpec__Output {
  'issuing_ca': (_common_PEMEncodedCertificateAndKey__Output | null);
  'cert_sani_ps': (_common_NetIP__Output)[];
  'cert_sandns_names': (string)[];
  'token': (string);
  'accepted_c_as': (_common_PEMEncodedCertificate__Output)[];
}
