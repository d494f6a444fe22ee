// APIServerConfigs.kubernetes.talos.dev: kube-apiserver's settings from `cluster.*` (id "kube-apiserver"):
// image, cloud provider, endpoint, etcd servers, port, service CIDRs, extra args/volumes, env,
// advertised address, resources; control plane only, sensitive.
import { defineResource } from '../definition';
import {
  APISERVER_ID,
  argsToYAML,
  CONTROL_PLANE_NAMESPACE,
  extraVolumeToProto,
  extraVolumeToYAML,
  resourcesToProto,
  resourcesToYAML,
  sortedMap,
  type ExtraArgs,
  type ExtraVolume,
  type PodResources,
} from './control-plane-common';

export const APISERVER_CONFIG_ID = APISERVER_ID;

export interface APIServerConfigSpec {
  image: string;
  cloudProvider: string;
  controlPlaneEndpoint: string;
  etcdServers: string[];
  localPort: number;
  serviceCIDRs: string[];
  extraArgs: ExtraArgs;
  extraVolumes: ExtraVolume[];
  environmentVariables: Record<string, string>;
  advertisedAddress: string;
  resources: PodResources;
}

export const APIServerConfigDefinition = defineResource<APIServerConfigSpec>({
  type: 'APIServerConfigs.kubernetes.talos.dev',
  defaultNamespace: CONTROL_PLANE_NAMESPACE,
  sensitive: true,
  protoSpec: 'talos.resource.definitions.k8s.APIServerConfigSpec',
  toProto: (s) => ({
    image: s.image,
    cloud_provider: s.cloudProvider,
    control_plane_endpoint: s.controlPlaneEndpoint,
    etcd_servers: s.etcdServers,
    local_port: s.localPort,
    service_cid_rs: s.serviceCIDRs,
    extra_volumes: s.extraVolumes.map(extraVolumeToProto),
    environment_variables: s.environmentVariables,
    advertised_address: s.advertisedAddress,
    resources: resourcesToProto(s.resources),
    extra_args: s.extraArgs,
  }),
  toYAML: (s) => ({
    image: s.image,
    cloudProvider: s.cloudProvider,
    controlPlaneEndpoint: s.controlPlaneEndpoint,
    etcdServers: s.etcdServers,
    localPort: s.localPort,
    serviceCIDR: s.serviceCIDRs,
    extraArgs: argsToYAML(s.extraArgs),
    extraVolumes: s.extraVolumes.map(extraVolumeToYAML),
    environmentVariables: sortedMap(s.environmentVariables),
    advertisedAddress: s.advertisedAddress,
    resources: resourcesToYAML(s.resources),
  }),
});
