// Original file: proto/resource/definitions/block/block.proto

import type { BlockFilesystemType as _talos_resource_definitions_enums_BlockFilesystemType, BlockFilesystemType__Output as _talos_resource_definitions_enums_BlockFilesystemType__Output } from '../../../../talos/resource/definitions/enums/BlockFilesystemType';

export interface FilesystemSpec {
  'type'?: (_talos_resource_definitions_enums_BlockFilesystemType);
  'label'?: (string);
}

export interface FilesystemSpec__Output {
  'type': (_talos_resource_definitions_enums_BlockFilesystemType__Output);
  'label': (string);
}
