// Original file: proto/resource/definitions/enums/enums.proto

export const NethelpersMatchOperator = {
  OPERATOR_EQUAL: 'OPERATOR_EQUAL',
  OPERATOR_NOT_EQUAL: 'OPERATOR_NOT_EQUAL',
} as const;

export type NethelpersMatchOperator =
  | 'OPERATOR_EQUAL'
  | 0
  | 'OPERATOR_NOT_EQUAL'
  | 1

export type NethelpersMatchOperator__Output = typeof NethelpersMatchOperator[keyof typeof NethelpersMatchOperator]
