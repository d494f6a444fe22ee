// secrets.KubernetesRootController (Talos: secrets.RootKubernetesController): KubernetesRootSecrets ("k8s")
// from the cluster section of a control-plane config; removed on other nodes and without a config.
import { derivedController } from '../../src/controller-runtime';
import { MACHINE_CONFIG, type MachineConfigSpec } from '../../src/resources/config/machine-config';
import type { MachineConfig } from '../../src/config';
import { KUBERNETES_ROOT, type KubernetesRootSpec } from '../../src/resources/secrets/kubernetes-root';
import { apiServerIPs } from '../../src/k8s/service-ips';
import {
  DEFAULT_DNS_DOMAIN,
  DEFAULT_KUBEPRISM_PORT,
  DEFAULT_LOCAL_APISERVER_PORT,
  DEFAULT_SERVICE_SUBNET,
} from '../../src/k8s/defaults';

export class KubernetesRootController extends derivedController(
  'secrets.KubernetesRootController',
  MACHINE_CONFIG,
  KUBERNETES_ROOT,
  ({ config }: MachineConfigSpec) => kubernetesRoot(config),
) {}

const decode = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');

/** The spec for a control-plane config; undefined for any other node (Talos `rootMapFunc`). */
export function kubernetesRoot(config: MachineConfig): KubernetesRootSpec | undefined {
  const v1 = config.v1alpha1();
  if (!v1?.machine || !v1.cluster) return undefined;
  const type = config.machineType();
  if (type !== 'controlplane' && type !== 'init') return undefined;
  const c = v1.cluster;

  const prism = v1.machine.features?.kubePrism;
  const localEndpoint =
    prism?.enabled === true
      ? `https://127.0.0.1:${prism.port ?? DEFAULT_KUBEPRISM_PORT}`
      : `https://localhost:${c.controlPlane?.localAPIServerPort ?? DEFAULT_LOCAL_APISERVER_PORT}`;
  const subnets = c.network?.serviceSubnets?.length ? c.network.serviceSubnets : [DEFAULT_SERVICE_SUBNET];

  if (!c.aggregatorCA?.crt && !c.aggregatorCA?.key) throw new Error('missing cluster.aggregatorCA secret');
  const acceptedCAs = (c.acceptedCAs ?? []).map((a) => decode(a.crt ?? ''));
  if (c.ca?.crt) acceptedCAs.push(decode(c.ca.crt));
  if (acceptedCAs.length === 0) throw new Error('missing cluster.CA secret');
  const issuingCA = c.ca?.crt && c.ca.key ? { crt: decode(c.ca.crt), key: decode(c.ca.key) } : undefined;
  const token = (c.token ?? '').split('.');
  const [tokenID, tokenSecret] = token.length === 2 ? token : ['', ''];

  return {
    name: c.clusterName ?? '',
    endpoint: c.controlPlane?.endpoint ?? '',
    localEndpoint,
    certSANs: [...(c.apiServer?.certSANs ?? [])],
    apiServerIPs: apiServerIPs(subnets),
    dnsDomain: c.network?.dnsDomain || DEFAULT_DNS_DOMAIN,
    ...(issuingCA ? { issuingCA } : {}),
    acceptedCAs,
    ...(c.serviceAccount?.key ? { serviceAccount: decode(c.serviceAccount.key) } : {}),
    aggregatorCA: { crt: decode(c.aggregatorCA.crt ?? ''), key: decode(c.aggregatorCA.key ?? '') },
    aesCBCEncryptionSecret: c.aescbcEncryptionSecret ?? '',
    bootstrapTokenID: tokenID ?? '',
    bootstrapTokenSecret: tokenSecret ?? '',
    secretboxEncryptionSecret: c.secretboxEncryptionSecret ?? '',
  };
}
