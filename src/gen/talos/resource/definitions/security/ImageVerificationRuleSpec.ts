// Original file: proto/resource/definitions/security/security.proto

import type { ImageKeylessVerifierSpec as _talos_resource_definitions_security_ImageKeylessVerifierSpec, ImageKeylessVerifierSpec__Output as _talos_resource_definitions_security_ImageKeylessVerifierSpec__Output } from '../../../../talos/resource/definitions/security/ImageKeylessVerifierSpec';
import type { ImagePublicKeyVerifierSpec as _talos_resource_definitions_security_ImagePublicKeyVerifierSpec, ImagePublicKeyVerifierSpec__Output as _talos_resource_definitions_security_ImagePublicKeyVerifierSpec__Output } from '../../../../talos/resource/definitions/security/ImagePublicKeyVerifierSpec';

export interface ImageVerificationRuleSpec {
  'image_pattern'?: (string);
  'skip'?: (boolean);
  'deny'?: (boolean);
  'keyless_verifier'?: (_talos_resource_definitions_security_ImageKeylessVerifierSpec | null);
  'public_key_verifier'?: (_talos_resource_definitions_security_ImagePublicKeyVerifierSpec | null);
}

export interface ImageVerificationRuleSpec__Output {
  'image_pattern': (string);
  'skip': (boolean);
  'deny': (boolean);
  'keyless_verifier': (_talos_resource_definitions_security_ImageKeylessVerifierSpec__Output | null);
  'public_key_verifier': (_talos_resource_definitions_security_ImagePublicKeyVerifierSpec__Output | null);
}
