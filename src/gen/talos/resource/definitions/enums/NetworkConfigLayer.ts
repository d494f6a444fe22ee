// Original file: proto/resource/definitions/enums/enums.proto

export const NetworkConfigLayer = {
  CONFIG_DEFAULT: 'CONFIG_DEFAULT',
  CONFIG_CMDLINE: 'CONFIG_CMDLINE',
  CONFIG_PLATFORM: 'CONFIG_PLATFORM',
  CONFIG_OPERATOR: 'CONFIG_OPERATOR',
  CONFIG_MACHINE_CONFIGURATION: 'CONFIG_MACHINE_CONFIGURATION',
} as const;

export type NetworkConfigLayer =
  | 'CONFIG_DEFAULT'
  | 0
  | 'CONFIG_CMDLINE'
  | 1
  | 'CONFIG_PLATFORM'
  | 2
  | 'CONFIG_OPERATOR'
  | 3
  | 'CONFIG_MACHINE_CONFIGURATION'
  | 4

export type NetworkConfigLayer__Output = typeof NetworkConfigLayer[keyof typeof NetworkConfigLayer]
