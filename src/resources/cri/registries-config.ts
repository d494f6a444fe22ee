// RegistryConfigs.cri.talos.dev (id "registries"): where images are pulled from — the mirrors of each
// registry (`*` for any), and per registry host its credentials and TLS settings — merged from
// `machine.registries` and the RegistryMirrorConfig/RegistryAuthConfig/RegistryTLSConfig documents.
// Sensitive: it carries registry passwords.
import { defineResource, pointerTo } from '../definition';

export const REGISTRIES_CONFIG_ID = 'registries';

export interface RegistryEndpointConfig {
  endpoint: string;
  overridePath: boolean;
}

export interface RegistryMirrorConfig {
  endpoints: RegistryEndpointConfig[];
  skipFallback: boolean;
}

export interface RegistryAuthConfig {
  username: string;
  password: string;
  auth: string;
  identityToken: string;
}

export interface RegistryTLSConfig {
  /** PEM certificate and key the node presents to the registry. */
  clientIdentity?: { crt: string; key: string };
  /** PEM CA bundle the registry's certificate must chain to. */
  ca: string;
  insecureSkipVerify: boolean;
}

export interface RegistriesConfigSpec {
  mirrors: Record<string, RegistryMirrorConfig>;
  auths: Record<string, RegistryAuthConfig>;
  tls: Record<string, RegistryTLSConfig>;
}

const mapValues = <T, U>(m: Record<string, T>, f: (v: T) => U): Record<string, U> =>
  Object.fromEntries(
    Object.keys(m)
      .sort()
      .map((k) => [k, f(m[k]!)]),
  );

const omitEmpty = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== '' && v !== false && v !== undefined),
  ) as Partial<T>;

export const RegistriesConfigDefinition = defineResource<RegistriesConfigSpec>({
  type: 'RegistryConfigs.cri.talos.dev',
  defaultNamespace: 'cri',
  sensitive: true,
  protoSpec: 'talos.resource.definitions.cri.RegistriesConfigSpec',
  toProto: (s) => ({
    registry_mirrors: mapValues(s.mirrors, (m) => ({
      mirror_endpoints: m.endpoints.map((e) => ({
        endpoint_endpoint: e.endpoint,
        endpoint_override_path: e.overridePath,
      })),
      mirror_skip_fallback: m.skipFallback,
    })),
    registry_auths: mapValues(s.auths, (a) => ({
      registry_username: a.username,
      registry_password: a.password,
      registry_auth: a.auth,
      registry_identity_token: a.identityToken,
    })),
    registry_tl_ss: mapValues(s.tls, (t) => ({
      ...(t.clientIdentity
        ? {
            tls_client_identity: {
              crt: Buffer.from(t.clientIdentity.crt),
              key: Buffer.from(t.clientIdentity.key),
            },
          }
        : {}),
      tlsca: Buffer.from(t.ca),
      tls_insecure_skip_verify: t.insecureSkipVerify,
    })),
  }),
  // Talos's YAML: mirrors, auths and tls maps, empty fields left out, bytes in base64.
  toYAML: (s) => ({
    ...(Object.keys(s.mirrors).length > 0
      ? {
          mirrors: mapValues(s.mirrors, (m) => ({
            endpoints: m.endpoints.map((e) => ({ endpoint: e.endpoint, overridePath: e.overridePath })),
            ...(m.skipFallback ? { skipFallback: true } : {}),
          })),
        }
      : {}),
    ...(Object.keys(s.auths).length > 0 ? { auths: mapValues(s.auths, (a) => omitEmpty({ ...a })) } : {}),
    ...(Object.keys(s.tls).length > 0
      ? {
          tls: mapValues(s.tls, (t) =>
            omitEmpty({
              clientIdentity: t.clientIdentity
                ? {
                    crt: Buffer.from(t.clientIdentity.crt).toString('base64'),
                    key: Buffer.from(t.clientIdentity.key).toString('base64'),
                  }
                : undefined,
              ca: t.ca === '' ? '' : Buffer.from(t.ca).toString('base64'),
              insecureSkipVerify: t.insecureSkipVerify,
            }),
          ),
        }
      : {}),
  }),
});

export const REGISTRIES_CONFIG = pointerTo(RegistriesConfigDefinition, REGISTRIES_CONFIG_ID);
