// AuthorizationConfigs.kubernetes.talos.dev: the kube-apiserver authorizer chain (id "authorization"),
// from `cluster.apiServer.authorizationConfig` or Talos's default Node + RBAC, with the API server
// image (its version decides the file's API version); control plane only, sensitive.
import { defineResource, pointerTo } from '../definition';
import { CONTROL_PLANE_NAMESPACE } from './control-plane-common';
import { sortKeys, toStruct } from './struct';

export const AUTHORIZATION_CONFIG_ID = 'authorization';

export interface AuthorizationAuthorizerSpec {
  type: string;
  name: string;
  webhook?: Record<string, unknown>;
}

export interface AuthorizationConfigSpec {
  image: string;
  config: AuthorizationAuthorizerSpec[];
}

export const AuthorizationConfigDefinition = defineResource<AuthorizationConfigSpec>({
  type: 'AuthorizationConfigs.kubernetes.talos.dev',
  defaultNamespace: CONTROL_PLANE_NAMESPACE,
  sensitive: true,
  protoSpec: 'talos.resource.definitions.k8s.AuthorizationConfigSpec',
  toProto: (s) => ({
    image: s.image,
    config: s.config.map((a) => ({
      type: a.type,
      name: a.name,
      ...(a.webhook ? { webhook: toStruct(a.webhook) } : {}),
    })),
  }),
  toYAML: (s) => ({
    image: s.image,
    config: s.config.map((a) => ({ type: a.type, name: a.name, webhook: sortKeys(a.webhook ?? {}) })),
  }),
});

export const AUTHORIZATION_CONFIG = pointerTo(AuthorizationConfigDefinition, AUTHORIZATION_CONFIG_ID);
