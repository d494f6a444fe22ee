// Original file: proto/resource/definitions/enums/enums.proto

export const KubespanPeerState = {
  PEER_STATE_UNKNOWN: 'PEER_STATE_UNKNOWN',
  PEER_STATE_UP: 'PEER_STATE_UP',
  PEER_STATE_DOWN: 'PEER_STATE_DOWN',
} as const;

export type KubespanPeerState =
  | 'PEER_STATE_UNKNOWN'
  | 0
  | 'PEER_STATE_UP'
  | 1
  | 'PEER_STATE_DOWN'
  | 2

export type KubespanPeerState__Output = typeof KubespanPeerState[keyof typeof KubespanPeerState]
