// Shared by the apid certificate tests: the controllers from the machine config to APIServiceConfigs
// over MemoryState, and ways to feed and read them.
import { setMaxListeners } from 'node:events';
import { MachineTypeController } from '../../../../controllers/config/machine-type';
import { APIServiceConfigController } from '../../../../controllers/runtime/api-service-config';
import { MaintenanceServiceInformController } from '../../../../controllers/runtime/maintenance-service-inform';
import { APIController, type APIControllerOptions } from '../../../../controllers/secrets/api-certificates';
import { APICertSANsController } from '../../../../controllers/secrets/api-cert-sans';
import { MaintenanceCertSANsController } from '../../../../controllers/secrets/maintenance-cert-sans';
import { MaintenanceRootController } from '../../../../controllers/secrets/maintenance-root';
import { OSRootController } from '../../../../controllers/secrets/os-root';
import { parseMachineConfig } from '../../../../src/config';
import {
  MachineConfigDefinition,
  type MachineConfigSpec,
} from '../../../../src/resources/config/machine-config';
import {
  HostnameStatusDefinition,
  type HostnameStatusSpec,
} from '../../../../src/resources/network/hostname-status';
import {
  APICertificatesDefinition,
  type APICertsSpec,
} from '../../../../src/resources/secrets/api-certificates';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

export const ADDRESS = '10.5.0.7';
export const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: 'v1alpha1' };
const HOSTNAME = { namespace: 'network', type: HostnameStatusDefinition.type, id: 'hostname' };
const CERTS = { namespace: 'secrets', type: APICertificatesDefinition.type, id: 'api' };

export function startAPI(opts: APIControllerOptions = {}, addresses = [ADDRESS]): Harness {
  const h = harness();
  setMaxListeners(0, h.stop.signal);
  for (const c of [
    new MachineTypeController(),
    new OSRootController(),
    new MaintenanceRootController(),
    new MaintenanceCertSANsController({ addresses }),
    new APICertSANsController({ addresses }),
    new APIController(opts),
    new APIServiceConfigController({ address: addresses[0]! }),
    new MaintenanceServiceInformController({ addresses }),
  ])
    h.runtime.register(c);
  h.start();
  return h;
}

export const setHostname = (h: Harness, hostname: string, domainname = '') =>
  h.state.modify<HostnameStatusSpec>(HOSTNAME, () => ({ hostname, domainname }));

export const applyConfig = (h: Harness, text: string) =>
  h.state.modify<MachineConfigSpec>(CONFIG, () => ({ config: parseMachineConfig(text) }));

export const certsWhere = (h: Harness, ok: (c: APICertsSpec) => boolean, timeoutMs = 5000) =>
  waitFor(
    async () => {
      const r = await h.state.get<APICertsSpec>(CERTS).catch(() => undefined);
      return r && ok(r.spec) ? r.spec : undefined;
    },
    'ApiCertificates',
    timeoutMs,
  );
