// Original file: proto/resource/definitions/enums/enums.proto

export const NethelpersWOLMode = {
  NETHELPERS_WOLMODE_UNSPECIFIED: 'NETHELPERS_WOLMODE_UNSPECIFIED',
  WOL_MODE_PHY: 'WOL_MODE_PHY',
  WOL_MODE_UNICAST: 'WOL_MODE_UNICAST',
  WOL_MODE_MULTICAST: 'WOL_MODE_MULTICAST',
  WOL_MODE_BROADCAST: 'WOL_MODE_BROADCAST',
  WOL_MODE_MAGIC: 'WOL_MODE_MAGIC',
  WOL_MODE_MAGIC_SECURE: 'WOL_MODE_MAGIC_SECURE',
  WOL_MODE_FILTER: 'WOL_MODE_FILTER',
} as const;

export type NethelpersWOLMode =
  | 'NETHELPERS_WOLMODE_UNSPECIFIED'
  | 0
  | 'WOL_MODE_PHY'
  | 1
  | 'WOL_MODE_UNICAST'
  | 2
  | 'WOL_MODE_MULTICAST'
  | 4
  | 'WOL_MODE_BROADCAST'
  | 8
  | 'WOL_MODE_MAGIC'
  | 32
  | 'WOL_MODE_MAGIC_SECURE'
  | 64
  | 'WOL_MODE_FILTER'
  | 128

export type NethelpersWOLMode__Output = typeof NethelpersWOLMode[keyof typeof NethelpersWOLMode]
