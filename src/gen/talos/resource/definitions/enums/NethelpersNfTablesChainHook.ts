// Original file: proto/resource/definitions/enums/enums.proto

export const NethelpersNfTablesChainHook = {
  CHAIN_HOOK_PREROUTING: 'CHAIN_HOOK_PREROUTING',
  CHAIN_HOOK_INPUT: 'CHAIN_HOOK_INPUT',
  CHAIN_HOOK_FORWARD: 'CHAIN_HOOK_FORWARD',
  CHAIN_HOOK_OUTPUT: 'CHAIN_HOOK_OUTPUT',
  CHAIN_HOOK_POSTROUTING: 'CHAIN_HOOK_POSTROUTING',
} as const;

export type NethelpersNfTablesChainHook =
  | 'CHAIN_HOOK_PREROUTING'
  | 0
  | 'CHAIN_HOOK_INPUT'
  | 1
  | 'CHAIN_HOOK_FORWARD'
  | 2
  | 'CHAIN_HOOK_OUTPUT'
  | 3
  | 'CHAIN_HOOK_POSTROUTING'
  | 4

export type NethelpersNfTablesChainHook__Output = typeof NethelpersNfTablesChainHook[keyof typeof NethelpersNfTablesChainHook]
