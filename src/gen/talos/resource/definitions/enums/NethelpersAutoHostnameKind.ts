// Original file: proto/resource/definitions/enums/enums.proto

export const NethelpersAutoHostnameKind = {
  AUTO_HOSTNAME_KIND_OFF: 'AUTO_HOSTNAME_KIND_OFF',
  AUTO_HOSTNAME_KIND_ADDR: 'AUTO_HOSTNAME_KIND_ADDR',
  AUTO_HOSTNAME_KIND_STABLE: 'AUTO_HOSTNAME_KIND_STABLE',
} as const;

export type NethelpersAutoHostnameKind =
  | 'AUTO_HOSTNAME_KIND_OFF'
  | 0
  | 'AUTO_HOSTNAME_KIND_ADDR'
  | 1
  | 'AUTO_HOSTNAME_KIND_STABLE'
  | 2

export type NethelpersAutoHostnameKind__Output = typeof NethelpersAutoHostnameKind[keyof typeof NethelpersAutoHostnameKind]
