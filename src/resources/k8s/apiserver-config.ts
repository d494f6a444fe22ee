// APIServerConfigs.kubernetes.talos.dev: kube-apiserver's settings from `cluster.*` (id "kube-apiserver"):
// image, cloud provider, endpoint, etcd servers, port, service CIDRs, extra args/volumes, env,
// advertised address, resources; control plane only, sensitive.
import { defineResource, pointerTo } from '../definition';
import {
  APISERVER_ID,
  componentToProto,
  componentToYAML,
  CONTROL_PLANE_NAMESPACE,
  resourcesToYAML,
  type ComponentSpec,
} from './control-plane-common';

export const APISERVER_CONFIG_ID = APISERVER_ID;

export interface APIServerConfigSpec extends ComponentSpec {
  image: string;
  cloudProvider: string;
  controlPlaneEndpoint: string;
  etcdServers: string[];
  localPort: number;
  serviceCIDRs: string[];
  advertisedAddress: string;
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
    advertised_address: s.advertisedAddress,
    ...componentToProto(s),
  }),
  toYAML: (s) => ({
    image: s.image,
    cloudProvider: s.cloudProvider,
    controlPlaneEndpoint: s.controlPlaneEndpoint,
    etcdServers: s.etcdServers,
    localPort: s.localPort,
    serviceCIDR: s.serviceCIDRs,
    ...componentToYAML(s),
    advertisedAddress: s.advertisedAddress,
    resources: resourcesToYAML(s.resources),
  }),
});

export const APISERVER_CONFIG = pointerTo(APIServerConfigDefinition, APISERVER_CONFIG_ID);
