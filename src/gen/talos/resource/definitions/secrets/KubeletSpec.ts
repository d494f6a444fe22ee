// Original file: proto/resource/definitions/secrets/secrets.proto

import type { URL as _common_URL, URL__Output as _common_URL__Output } from '../../../../common/URL';
import type { PEMEncodedCertificate as _common_PEMEncodedCertificate, PEMEncodedCertificate__Output as _common_PEMEncodedCertificate__Output } from '../../../../common/PEMEncodedCertificate';

export interface KubeletSpec {
  'endpoint'?: (_common_URL | null);
  'bootstrap_token_id'?: (string);
  'bootstrap_token_secret'?: (string);
  'accepted_c_as'?: (_common_PEMEncodedCertificate)[];
}

export interface KubeletSpec__Output {
  'endpoint': (_common_URL__Output | null);
  'bootstrap_token_id': (string);
  'bootstrap_token_secret': (string);
  'accepted_c_as': (_common_PEMEncodedCertificate__Output)[];
}
