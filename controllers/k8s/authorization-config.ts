// k8s.ControlPlaneAuthorizationPolicyController (Talos's name for its authorization controller):
// AuthorizationConfig ("authorization" in `controlplane`) from `cluster.apiServer.authorizationConfig`
// on control-plane nodes. Node and RBAC authorizers are always in the chain (first and second unless
// the config places them); API servers older than 1.29 get no chain (they take flags instead).
import {
  apiServerImage,
  onControlPlane,
  type ControlPlaneSections,
} from '../../src/k8s/control-plane-config';
import { derivedController } from '../../src/controller-runtime';
import { MACHINE_CONFIG } from '../../src/resources/config/machine-config';
import { atLeast, versionFromImage } from '../../src/k8s/version';
import {
  AUTHORIZATION_CONFIG,
  type AuthorizationAuthorizerSpec,
  type AuthorizationConfigSpec,
} from '../../src/resources/k8s/authorization-config';
import { stringOrEmpty as str } from '../../src/untyped-values';

const NODE: AuthorizationAuthorizerSpec = { type: 'Node', name: 'node' };
const RBAC: AuthorizationAuthorizerSpec = { type: 'RBAC', name: 'rbac' };

export class ControlPlaneAuthorizationController extends derivedController(
  'k8s.ControlPlaneAuthorizationPolicyController',
  MACHINE_CONFIG,
  AUTHORIZATION_CONFIG,
  onControlPlane(authorizationConfig),
) {}

export function authorizationConfig({ cluster }: ControlPlaneSections): AuthorizationConfigSpec {
  const image = apiServerImage(cluster);
  if (!atLeast(versionFromImage(image), 1, 29)) return { image, config: [] };
  const configured = cluster.apiServer?.authorizationConfig;
  if (configured === undefined) return { image, config: [{ ...NODE }, { ...RBAC }] };
  const config: AuthorizationAuthorizerSpec[] = configured.map((a) => {
    const webhook = a['webhook'];
    return {
      type: str(a['type']),
      name: str(a['name']),
      ...(typeof webhook === 'object' && webhook !== null
        ? { webhook: structuredClone(webhook as Record<string, unknown>) }
        : {}),
    };
  });
  if (!config.some((a) => a.type === 'Node')) config.splice(0, 0, { ...NODE });
  if (!config.some((a) => a.type === 'RBAC')) config.splice(1, 0, { ...RBAC });
  return { image, config };
}
