// Original file: proto/resource/definitions/enums/enums.proto

export const NethelpersProtocol = {
  NETHELPERS_PROTOCOL_UNSPECIFIED: 'NETHELPERS_PROTOCOL_UNSPECIFIED',
  PROTOCOL_ICMP: 'PROTOCOL_ICMP',
  PROTOCOL_TCP: 'PROTOCOL_TCP',
  PROTOCOL_UDP: 'PROTOCOL_UDP',
  PROTOCOL_ICM_PV6: 'PROTOCOL_ICM_PV6',
} as const;

export type NethelpersProtocol =
  | 'NETHELPERS_PROTOCOL_UNSPECIFIED'
  | 0
  | 'PROTOCOL_ICMP'
  | 1
  | 'PROTOCOL_TCP'
  | 6
  | 'PROTOCOL_UDP'
  | 17
  | 'PROTOCOL_ICM_PV6'
  | 58

export type NethelpersProtocol__Output = typeof NethelpersProtocol[keyof typeof NethelpersProtocol]
