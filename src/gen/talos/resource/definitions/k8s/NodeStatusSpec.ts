// Original file: proto/resource/definitions/k8s/k8s.proto

import type { NetIPPrefix as _common_NetIPPrefix, NetIPPrefix__Output as _common_NetIPPrefix__Output } from '../../../../common/NetIPPrefix';

export interface NodeStatusSpec {
  'nodename'?: (string);
  'node_ready'?: (boolean);
  'unschedulable'?: (boolean);
  'labels'?: ({[key: string]: string});
  'annotations'?: ({[key: string]: string});
  'pod_cid_rs'?: (_common_NetIPPrefix)[];
}

export interface NodeStatusSpec__Output {
  'nodename': (string);
  'node_ready': (boolean);
  'unschedulable': (boolean);
  'labels': ({[key: string]: string});
  'annotations': ({[key: string]: string});
  'pod_cid_rs': (_common_NetIPPrefix__Output)[];
}
