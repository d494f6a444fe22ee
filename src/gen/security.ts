import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { CertificateRequest as _securityapi_CertificateRequest, CertificateRequest__Output as _securityapi_CertificateRequest__Output } from './securityapi/CertificateRequest';
import type { CertificateResponse as _securityapi_CertificateResponse, CertificateResponse__Output as _securityapi_CertificateResponse__Output } from './securityapi/CertificateResponse';
import type { SecurityServiceClient as _securityapi_SecurityServiceClient, SecurityServiceDefinition as _securityapi_SecurityServiceDefinition } from './securityapi/SecurityService';
import type { ImageKeylessVerifierSpec as _talos_resource_definitions_security_ImageKeylessVerifierSpec, ImageKeylessVerifierSpec__Output as _talos_resource_definitions_security_ImageKeylessVerifierSpec__Output } from './talos/resource/definitions/security/ImageKeylessVerifierSpec';
import type { ImagePublicKeyVerifierSpec as _talos_resource_definitions_security_ImagePublicKeyVerifierSpec, ImagePublicKeyVerifierSpec__Output as _talos_resource_definitions_security_ImagePublicKeyVerifierSpec__Output } from './talos/resource/definitions/security/ImagePublicKeyVerifierSpec';
import type { ImageVerificationRuleSpec as _talos_resource_definitions_security_ImageVerificationRuleSpec, ImageVerificationRuleSpec__Output as _talos_resource_definitions_security_ImageVerificationRuleSpec__Output } from './talos/resource/definitions/security/ImageVerificationRuleSpec';
import type { TUFTrustedRootSpec as _talos_resource_definitions_security_TUFTrustedRootSpec, TUFTrustedRootSpec__Output as _talos_resource_definitions_security_TUFTrustedRootSpec__Output } from './talos/resource/definitions/security/TUFTrustedRootSpec';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  securityapi: {
    CertificateRequest: MessageTypeDefinition<_securityapi_CertificateRequest, _securityapi_CertificateRequest__Output>
    CertificateResponse: MessageTypeDefinition<_securityapi_CertificateResponse, _securityapi_CertificateResponse__Output>
    SecurityService: SubtypeConstructor<typeof grpc.Client, _securityapi_SecurityServiceClient> & { service: _securityapi_SecurityServiceDefinition }
  }
  talos: {
    resource: {
      definitions: {
        security: {
          ImageKeylessVerifierSpec: MessageTypeDefinition<_talos_resource_definitions_security_ImageKeylessVerifierSpec, _talos_resource_definitions_security_ImageKeylessVerifierSpec__Output>
          ImagePublicKeyVerifierSpec: MessageTypeDefinition<_talos_resource_definitions_security_ImagePublicKeyVerifierSpec, _talos_resource_definitions_security_ImagePublicKeyVerifierSpec__Output>
          ImageVerificationRuleSpec: MessageTypeDefinition<_talos_resource_definitions_security_ImageVerificationRuleSpec, _talos_resource_definitions_security_ImageVerificationRuleSpec__Output>
          TUFTrustedRootSpec: MessageTypeDefinition<_talos_resource_definitions_security_TUFTrustedRootSpec, _talos_resource_definitions_security_TUFTrustedRootSpec__Output>
        }
      }
    }
  }
}

