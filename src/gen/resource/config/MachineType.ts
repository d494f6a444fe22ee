// Original file: proto/resource/config/config.proto

export const MachineType = {
  UNKNOWN: 'UNKNOWN',
  INIT: 'INIT',
  CONTROL_PLANE: 'CONTROL_PLANE',
  WORKER: 'WORKER',
} as const;

export type MachineType =
  | 'UNKNOWN'
  | 0
  | 'INIT'
  | 1
  | 'CONTROL_PLANE'
  | 2
  | 'WORKER'
  | 3

export type MachineType__Output = typeof MachineType[keyof typeof MachineType]
