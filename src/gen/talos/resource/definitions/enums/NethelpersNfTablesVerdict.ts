// Original file: proto/resource/definitions/enums/enums.proto

export const NethelpersNfTablesVerdict = {
  VERDICT_DROP: 'VERDICT_DROP',
  VERDICT_ACCEPT: 'VERDICT_ACCEPT',
} as const;

export type NethelpersNfTablesVerdict =
  | 'VERDICT_DROP'
  | 0
  | 'VERDICT_ACCEPT'
  | 1

export type NethelpersNfTablesVerdict__Output = typeof NethelpersNfTablesVerdict[keyof typeof NethelpersNfTablesVerdict]
