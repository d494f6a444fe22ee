// Public surface of the machine config module.

export { ConfigValidationError, isConfigValidationError, formatProblem, type ConfigProblem } from './errors';
export {
  MachineConfig,
  V1ALPHA1_KIND,
  normalizeMachineType,
  type ConfigDocument,
  type MachineConfigInit,
  type MachineType,
  type PositionLookup,
} from './machine-config';
export { MAX_CONFIG_BYTES, parseMachineConfig, type ParseOptions } from './parse';
export {
  checkMachineConfig,
  validateMachineConfig,
  type RuntimeMode,
  type ValidateOptions,
  type ValidationResult,
} from './validate';
export { knownKinds } from './schema-loader';
export { MAX_NESTING_DEPTH } from './yaml-source';
export { MAX_ALIAS_COUNT } from './yaml-compat';
export type * from './v1alpha1-types';
