// secrets.RootOSController: OSRootSecrets ("os") from the machine section of the config — the OS CA
// (kept only with its key), the accepted CAs, machine.certSANs split into addresses and names, and
// machine.token. Present on every configured node; removed without a config.
import { isIP } from 'node:net';
import type { MachineConfig } from '../../src/config';
import { OS_ROOT, type OSRootSpec } from '../../src/resources/secrets/os-root';
import { derivedController } from '../../src/controller-runtime';
import { MACHINE_CONFIG, type MachineConfigSpec } from '../../src/resources/config/machine-config';

/** constants.KubernetesTalosAPIServiceName and its namespace. */
const TALOS_API_SERVICE = 'talos';
const TALOS_API_SERVICE_NAMESPACE = 'default';

export class OSRootController extends derivedController(
  'secrets.RootOSController',
  MACHINE_CONFIG,
  OS_ROOT,
  ({ config }: MachineConfigSpec) => osRoot(config),
) {}

const decode = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');

/** The spec for a config with machine and cluster sections (Talos `rootMapFunc`); undefined otherwise. */
export function osRoot(config: MachineConfig): OSRootSpec | undefined {
  const v1 = config.v1alpha1();
  if (!v1?.machine || !v1.cluster) return undefined;
  const m = v1.machine;
  const ca = config.machineCA();
  const acceptedCAs = (m.acceptedCAs ?? []).flatMap((c) => (c.crt ? [decode(c.crt)] : []));
  if (ca) acceptedCAs.push(ca.crt);
  const certSANIPs: string[] = [];
  const certSANDNSNames: string[] = [];
  for (const san of config.machineCertSANs()) (isIP(san) ? certSANIPs : certSANDNSNames).push(san);
  if (m.features?.kubernetesTalosAPIAccess?.enabled === true)
    certSANDNSNames.push(TALOS_API_SERVICE, `${TALOS_API_SERVICE}.${TALOS_API_SERVICE_NAMESPACE}`);
  return {
    ...(ca?.key ? { issuingCA: { crt: ca.crt, key: ca.key } } : {}),
    acceptedCAs,
    certSANIPs,
    certSANDNSNames,
    token: config.machineToken() ?? '',
  };
}
