// Original file: proto/machine/machine.proto

import type { Metadata as _common_Metadata, Metadata__Output as _common_Metadata__Output } from '../common/Metadata';

export interface MetaDelete {
  'metadata'?: (_common_Metadata | null);
}

export interface MetaDelete__Output {
  'metadata': (_common_Metadata__Output | null);
}
