// Original file: proto/resource/definitions/runtime/runtime.proto

import type { Long } from '@grpc/proto-loader';

export interface LoadedKernelModuleSpec {
  'size'?: (number | string | Long);
  'reference_count'?: (number | string | Long);
  'dependencies'?: (string)[];
  'state'?: (string);
  'address'?: (string);
}

export interface LoadedKernelModuleSpec__Output {
  'size': (string);
  'reference_count': (string);
  'dependencies': (string)[];
  'state': (string);
  'address': (string);
}
