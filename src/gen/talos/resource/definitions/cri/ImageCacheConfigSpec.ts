// Original file: proto/resource/definitions/cri/cri.proto

import type { CriImageCacheStatus as _talos_resource_definitions_enums_CriImageCacheStatus, CriImageCacheStatus__Output as _talos_resource_definitions_enums_CriImageCacheStatus__Output } from '../../../../talos/resource/definitions/enums/CriImageCacheStatus';
import type { CriImageCacheCopyStatus as _talos_resource_definitions_enums_CriImageCacheCopyStatus, CriImageCacheCopyStatus__Output as _talos_resource_definitions_enums_CriImageCacheCopyStatus__Output } from '../../../../talos/resource/definitions/enums/CriImageCacheCopyStatus';

export interface ImageCacheConfigSpec {
  'status'?: (_talos_resource_definitions_enums_CriImageCacheStatus);
  'roots'?: (string)[];
  'copy_status'?: (_talos_resource_definitions_enums_CriImageCacheCopyStatus);
}

export interface ImageCacheConfigSpec__Output {
  'status': (_talos_resource_definitions_enums_CriImageCacheStatus__Output);
  'roots': (string)[];
  'copy_status': (_talos_resource_definitions_enums_CriImageCacheCopyStatus__Output);
}
