// Infos.cluster.talos.dev: the cluster's id and name from the machine config (id "current"), as
// `talosctl dashboard` shows them in its CLUSTER field.
import { defineResource, pointerTo } from '../definition';
import { CLUSTER_NAMESPACE } from './affiliate';

export interface ClusterInfoSpec {
  clusterId: string;
  clusterName: string;
}

export const ClusterInfoDefinition = defineResource<ClusterInfoSpec>({
  type: 'Infos.cluster.talos.dev',
  defaultNamespace: CLUSTER_NAMESPACE,
  printColumns: [
    { name: 'Cluster ID', jsonPath: '{.clusterId}' },
    { name: 'Cluster Name', jsonPath: '{.clusterName}' },
  ],
  protoSpec: 'talos.resource.definitions.cluster.InfoSpec',
  toProto: (s) => ({ cluster_id: s.clusterId, cluster_name: s.clusterName }),
});

export const CLUSTER_INFO = pointerTo(ClusterInfoDefinition, 'current');
