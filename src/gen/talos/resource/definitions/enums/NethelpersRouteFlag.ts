// Original file: proto/resource/definitions/enums/enums.proto

export const NethelpersRouteFlag = {
  NETHELPERS_ROUTEFLAG_UNSPECIFIED: 'NETHELPERS_ROUTEFLAG_UNSPECIFIED',
  ROUTE_NOTIFY: 'ROUTE_NOTIFY',
  ROUTE_CLONED: 'ROUTE_CLONED',
  ROUTE_EQUALIZE: 'ROUTE_EQUALIZE',
  ROUTE_PREFIX: 'ROUTE_PREFIX',
  ROUTE_LOOKUP_TABLE: 'ROUTE_LOOKUP_TABLE',
  ROUTE_FIB_MATCH: 'ROUTE_FIB_MATCH',
  ROUTE_OFFLOAD: 'ROUTE_OFFLOAD',
  ROUTE_TRAP: 'ROUTE_TRAP',
} as const;

export type NethelpersRouteFlag =
  | 'NETHELPERS_ROUTEFLAG_UNSPECIFIED'
  | 0
  | 'ROUTE_NOTIFY'
  | 256
  | 'ROUTE_CLONED'
  | 512
  | 'ROUTE_EQUALIZE'
  | 1024
  | 'ROUTE_PREFIX'
  | 2048
  | 'ROUTE_LOOKUP_TABLE'
  | 4096
  | 'ROUTE_FIB_MATCH'
  | 8192
  | 'ROUTE_OFFLOAD'
  | 16384
  | 'ROUTE_TRAP'
  | 32768

export type NethelpersRouteFlag__Output = typeof NethelpersRouteFlag[keyof typeof NethelpersRouteFlag]
