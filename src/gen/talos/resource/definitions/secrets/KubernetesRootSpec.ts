// Original file: proto/resource/definitions/secrets/secrets.proto

import type { URL as _common_URL, URL__Output as _common_URL__Output } from '../../../../common/URL';
import type { PEMEncodedCertificateAndKey as _common_PEMEncodedCertificateAndKey, PEMEncodedCertificateAndKey__Output as _common_PEMEncodedCertificateAndKey__Output } from '../../../../common/PEMEncodedCertificateAndKey';
import type { PEMEncodedKey as _common_PEMEncodedKey, PEMEncodedKey__Output as _common_PEMEncodedKey__Output } from '../../../../common/PEMEncodedKey';
import type { NetIP as _common_NetIP, NetIP__Output as _common_NetIP__Output } from '../../../../common/NetIP';
import type { PEMEncodedCertificate as _common_PEMEncodedCertificate, PEMEncodedCertificate__Output as _common_PEMEncodedCertificate__Output } from '../../../../common/PEMEncodedCertificate';

export interface KubernetesRootSpec {
  'name'?: (string);
  'endpoint'?: (_common_URL | null);
  'local_endpoint'?: (_common_URL | null);
  'cert_sa_ns'?: (string)[];
  'dns_domain'?: (string);
  'issuing_ca'?: (_common_PEMEncodedCertificateAndKey | null);
  'service_account'?: (_common_PEMEncodedKey | null);
  'aggregator_ca'?: (_common_PEMEncodedCertificateAndKey | null);
  'aescbc_encryption_secret'?: (string);
  'bootstrap_token_id'?: (string);
  'bootstrap_token_secret'?: (string);
  'secretbox_encryption_secret'?: (string);
  'api_server_ips'?: (_common_NetIP)[];
  'accepted_c_as'?: (_common_PEMEncodedCertificate)[];
}

export interface KubernetesRootSpec__Output {
  'name': (string);
  'endpoint': (_common_URL__Output | null);
  'local_endpoint': (_common_URL__Output | null);
  'cert_sa_ns': (string)[];
  'dns_domain': (string);
  'issuing_ca': (_common_PEMEncodedCertificateAndKey__Output | null);
  'service_account': (_common_PEMEncodedKey__Output | null);
  'aggregator_ca': (_common_PEMEncodedCertificateAndKey__Output | null);
  'aescbc_encryption_secret': (string);
  'bootstrap_token_id': (string);
  'bootstrap_token_secret': (string);
  'secretbox_encryption_secret': (string);
  'api_server_ips': (_common_NetIP__Output)[];
  'accepted_c_as': (_common_PEMEncodedCertificate__Output)[];
}
