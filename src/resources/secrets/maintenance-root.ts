// MaintenanceRootSecrets.secrets.talos.dev: the throw-away CA the maintenance-mode API certificate is
// issued from (id "maintenance"); made once per boot, sensitive.
import { defineResource, pointerTo } from '../definition';
import type { PEMCertificateAndKey } from './api-certificates';
import { pemPairToProto, pemPairToYAML } from './etcd-root';

export const MAINTENANCE_ROOT_ID = 'maintenance';

export interface MaintenanceRootSpec {
  ca: PEMCertificateAndKey;
}

export const MaintenanceRootDefinition = defineResource<MaintenanceRootSpec>({
  type: 'MaintenanceRootSecrets.secrets.talos.dev',
  defaultNamespace: 'secrets',
  sensitive: true,
  protoSpec: 'talos.resource.definitions.secrets.MaintenanceRootSpec',
  toProto: (s) => ({ ca: pemPairToProto(s.ca) }),
  toYAML: (s) => ({ ca: pemPairToYAML(s.ca) }),
});

export const MAINTENANCE_ROOT = pointerTo(MaintenanceRootDefinition, MAINTENANCE_ROOT_ID);
