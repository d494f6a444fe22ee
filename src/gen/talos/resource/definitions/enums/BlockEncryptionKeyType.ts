// Original file: proto/resource/definitions/enums/enums.proto

export const BlockEncryptionKeyType = {
  ENCRYPTION_KEY_STATIC: 'ENCRYPTION_KEY_STATIC',
  ENCRYPTION_KEY_NODE_ID: 'ENCRYPTION_KEY_NODE_ID',
  ENCRYPTION_KEY_KMS: 'ENCRYPTION_KEY_KMS',
  ENCRYPTION_KEY_TPM: 'ENCRYPTION_KEY_TPM',
} as const;

export type BlockEncryptionKeyType =
  | 'ENCRYPTION_KEY_STATIC'
  | 0
  | 'ENCRYPTION_KEY_NODE_ID'
  | 1
  | 'ENCRYPTION_KEY_KMS'
  | 2
  | 'ENCRYPTION_KEY_TPM'
  | 3

export type BlockEncryptionKeyType__Output = typeof BlockEncryptionKeyType[keyof typeof BlockEncryptionKeyType]
