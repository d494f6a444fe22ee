// Original file: proto/resource/definitions/block/block.proto

import type { BlockEncryptionKeyType as _talos_resource_definitions_enums_BlockEncryptionKeyType, BlockEncryptionKeyType__Output as _talos_resource_definitions_enums_BlockEncryptionKeyType__Output } from '../../../../talos/resource/definitions/enums/BlockEncryptionKeyType';
import type { Long } from '@grpc/proto-loader';

export interface EncryptionKey {
  'slot'?: (number | string | Long);
  'type'?: (_talos_resource_definitions_enums_BlockEncryptionKeyType);
  'static_passphrase'?: (Buffer | Uint8Array | string);
  'kms_endpoint'?: (string);
  'tpm_check_secureboot_status_on_enroll'?: (boolean);
  'lock_to_state'?: (boolean);
  'tpmpc_rs'?: (number | string | Long)[];
  'tpm_pub_key_pc_rs'?: (number | string | Long)[];
}

export interface EncryptionKey__Output {
  'slot': (string);
  'type': (_talos_resource_definitions_enums_BlockEncryptionKeyType__Output);
  'static_passphrase': (Buffer);
  'kms_endpoint': (string);
  'tpm_check_secureboot_status_on_enroll': (boolean);
  'lock_to_state': (boolean);
  'tpmpc_rs': (string)[];
  'tpm_pub_key_pc_rs': (string)[];
}
