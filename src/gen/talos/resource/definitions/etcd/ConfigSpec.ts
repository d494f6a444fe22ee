// Original file: proto/resource/definitions/etcd/etcd.proto

import type { ArgValues as _talos_resource_definitions_etcd_ArgValues, ArgValues__Output as _talos_resource_definitions_etcd_ArgValues__Output } from '../../../../talos/resource/definitions/etcd/ArgValues';

export interface ConfigSpec {
  'advertise_valid_subnets'?: (string)[];
  'advertise_exclude_subnets'?: (string)[];
  'image'?: (string);
  'listen_valid_subnets'?: (string)[];
  'listen_exclude_subnets'?: (string)[];
  'extra_args'?: ({[key: string]: _talos_resource_definitions_etcd_ArgValues});
}

export interface ConfigSpec__Output {
  'advertise_valid_subnets': (string)[];
  'advertise_exclude_subnets': (string)[];
  'image': (string);
  'listen_valid_subnets': (string)[];
  'listen_exclude_subnets': (string)[];
  'extra_args': ({[key: string]: _talos_resource_definitions_etcd_ArgValues__Output});
}
