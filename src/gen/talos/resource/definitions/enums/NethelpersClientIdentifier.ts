// Original file: proto/resource/definitions/enums/enums.proto

export const NethelpersClientIdentifier = {
  CLIENT_IDENTIFIER_NONE: 'CLIENT_IDENTIFIER_NONE',
  CLIENT_IDENTIFIER_MAC: 'CLIENT_IDENTIFIER_MAC',
  CLIENT_IDENTIFIER_DUID: 'CLIENT_IDENTIFIER_DUID',
} as const;

export type NethelpersClientIdentifier =
  | 'CLIENT_IDENTIFIER_NONE'
  | 0
  | 'CLIENT_IDENTIFIER_MAC'
  | 1
  | 'CLIENT_IDENTIFIER_DUID'
  | 2

export type NethelpersClientIdentifier__Output = typeof NethelpersClientIdentifier[keyof typeof NethelpersClientIdentifier]
