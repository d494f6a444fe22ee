// Original file: proto/resource/definitions/enums/enums.proto

export const NetworkOperator = {
  OPERATOR_DHCP4: 'OPERATOR_DHCP4',
  OPERATOR_DHCP6: 'OPERATOR_DHCP6',
  OPERATOR_VIP: 'OPERATOR_VIP',
} as const;

export type NetworkOperator =
  | 'OPERATOR_DHCP4'
  | 0
  | 'OPERATOR_DHCP6'
  | 1
  | 'OPERATOR_VIP'
  | 2

export type NetworkOperator__Output = typeof NetworkOperator[keyof typeof NetworkOperator]
