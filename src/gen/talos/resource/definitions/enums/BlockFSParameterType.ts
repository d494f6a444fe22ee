// Original file: proto/resource/definitions/enums/enums.proto

export const BlockFSParameterType = {
  FS_PARAMETER_TYPE_STRING_VALUE: 'FS_PARAMETER_TYPE_STRING_VALUE',
  FS_PARAMETER_TYPE_BOOLEAN_VALUE: 'FS_PARAMETER_TYPE_BOOLEAN_VALUE',
  FS_PARAMETER_TYPE_BINARY_VALUE: 'FS_PARAMETER_TYPE_BINARY_VALUE',
} as const;

export type BlockFSParameterType =
  | 'FS_PARAMETER_TYPE_STRING_VALUE'
  | 0
  | 'FS_PARAMETER_TYPE_BOOLEAN_VALUE'
  | 1
  | 'FS_PARAMETER_TYPE_BINARY_VALUE'
  | 2

export type BlockFSParameterType__Output = typeof BlockFSParameterType[keyof typeof BlockFSParameterType]
