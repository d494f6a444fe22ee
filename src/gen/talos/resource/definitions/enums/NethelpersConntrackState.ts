// Original file: proto/resource/definitions/enums/enums.proto

export const NethelpersConntrackState = {
  NETHELPERS_CONNTRACKSTATE_UNSPECIFIED: 'NETHELPERS_CONNTRACKSTATE_UNSPECIFIED',
  CONNTRACK_STATE_NEW: 'CONNTRACK_STATE_NEW',
  CONNTRACK_STATE_RELATED: 'CONNTRACK_STATE_RELATED',
  CONNTRACK_STATE_ESTABLISHED: 'CONNTRACK_STATE_ESTABLISHED',
  CONNTRACK_STATE_INVALID: 'CONNTRACK_STATE_INVALID',
} as const;

export type NethelpersConntrackState =
  | 'NETHELPERS_CONNTRACKSTATE_UNSPECIFIED'
  | 0
  | 'CONNTRACK_STATE_NEW'
  | 8
  | 'CONNTRACK_STATE_RELATED'
  | 4
  | 'CONNTRACK_STATE_ESTABLISHED'
  | 2
  | 'CONNTRACK_STATE_INVALID'
  | 1

export type NethelpersConntrackState__Output = typeof NethelpersConntrackState[keyof typeof NethelpersConntrackState]
