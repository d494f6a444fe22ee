// k8s.ControlPlaneAPIServerController: APIServerConfig ("kube-apiserver" in `controlplane`) from
// `cluster.*` on control-plane nodes: image, cloud provider, endpoint, the local etcd, local port,
// service CIDRs, extra args/volumes, env, advertised address ($(POD_IP) unless the node is not
// registered) and resources.
import {
  apiServerImage,
  cloudProvider,
  environment,
  ETCD_CLIENT_PORT,
  extraArgs,
  extraVolumes,
  podResources,
  serviceCIDRs,
  onControlPlane,
  type ControlPlaneSections,
} from '../../src/k8s/control-plane-config';
import { derivedController } from '../../src/controller-runtime';
import { MACHINE_CONFIG } from '../../src/resources/config/machine-config';
import { APISERVER_CONFIG, type APIServerConfigSpec } from '../../src/resources/k8s/apiserver-config';
import { DEFAULT_LOCAL_APISERVER_PORT } from '../../src/k8s/defaults';

export class ControlPlaneAPIServerController extends derivedController(
  'k8s.ControlPlaneAPIServerController',
  MACHINE_CONFIG,
  APISERVER_CONFIG,
  onControlPlane(apiServerConfig),
) {}

export function apiServerConfig({ config, machine, cluster }: ControlPlaneSections): APIServerConfigSpec {
  const api = cluster.apiServer ?? {};
  return {
    image: apiServerImage(cluster),
    cloudProvider: cloudProvider(cluster),
    controlPlaneEndpoint: config.controlPlaneEndpoint() ?? '',
    etcdServers: [`https://127.0.0.1:${ETCD_CLIENT_PORT}`],
    localPort: cluster.controlPlane?.localAPIServerPort || DEFAULT_LOCAL_APISERVER_PORT,
    serviceCIDRs: serviceCIDRs(cluster),
    extraArgs: extraArgs(api.extraArgs),
    extraVolumes: extraVolumes(api.extraVolumes),
    environmentVariables: environment(api.env),
    advertisedAddress: machine.kubelet?.skipNodeRegistration === true ? '' : '$(POD_IP)',
    resources: podResources(api.resources),
  };
}
