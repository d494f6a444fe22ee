// ApiCertificates.secrets.talos.dev: apid's server certificate and the CAs its clients must chain to
// (id "api"); sensitive.
import { defineResource, pointerTo } from '../definition';

export const API_CERTIFICATES_ID = 'api';

export interface PEMCertificateAndKey {
  crt: string;
  key: string;
}

export interface APICertsSpec {
  acceptedCAs: string[];
  server: PEMCertificateAndKey;
  client?: PEMCertificateAndKey;
  skipVerifyingClientCert: boolean;
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

export const APICertificatesDefinition = defineResource<APICertsSpec>({
  type: 'ApiCertificates.secrets.talos.dev',
  defaultNamespace: 'secrets',
  sensitive: true,
  protoSpec: 'talos.resource.definitions.secrets.APICertsSpec',
  toProto: (s) => ({
    accepted_c_as: s.acceptedCAs.map((crt) => ({ crt: Buffer.from(crt) })),
    server: { crt: Buffer.from(s.server.crt), key: Buffer.from(s.server.key) },
    ...(s.client ? { client: { crt: Buffer.from(s.client.crt), key: Buffer.from(s.client.key) } } : {}),
    skip_verifying_client_cert: s.skipVerifyingClientCert,
  }),
  toYAML: (s) => ({
    acceptedCAs: s.acceptedCAs.map((crt) => ({ crt: b64(crt) })),
    ...(s.client ? { client: { crt: b64(s.client.crt), key: b64(s.client.key) } } : {}),
    server: { crt: b64(s.server.crt), key: b64(s.server.key) },
    skipVerifyingClientCert: s.skipVerifyingClientCert,
  }),
});

export const API_CERTIFICATES = pointerTo(APICertificatesDefinition, API_CERTIFICATES_ID);
