// Original file: proto/resource/definitions/extensions/extensions.proto

import type { Constraint as _talos_resource_definitions_extensions_Constraint, Constraint__Output as _talos_resource_definitions_extensions_Constraint__Output } from '../../../../talos/resource/definitions/extensions/Constraint';

export interface Compatibility {
  'talos'?: (_talos_resource_definitions_extensions_Constraint | null);
}

export interface Compatibility__Output {
  'talos': (_talos_resource_definitions_extensions_Constraint__Output | null);
}
