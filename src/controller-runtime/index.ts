// The controller runtime: controllers declare inputs and outputs and reconcile on wake-ups.
export type { Controller, Input, InputKind, Output, OutputKind } from './controller';
export { outputOf } from './controller';
export type {
  ControllerContext,
  ControllerReader,
  ControllerWriter,
  OutputTracking,
} from './controller-context';
export type { BackoffOptions } from './backoff';
export { ControllerRuntime, type ControllerRuntimeOptions } from './runtime';
export type {
  ControllerDependencyEdge,
  ControllerRuntimeDependency,
  DependencyEdgeType,
} from './dependency-graph';
export {
  derivedController,
  singletonTransform,
  TransformController,
  type SingletonTransformSettings,
  type TransformSettings,
} from './transform';
export { MergeController, type MergeSettings } from './merge';
export {
  DuplicateControllerError,
  InputNotDeclaredError,
  OutputConflictError,
  OutputNotDeclaredError,
  OutputTrackingError,
  RuntimeStartedError,
  isDuplicateControllerError,
  isInputNotDeclaredError,
  isOutputConflictError,
  isOutputNotDeclaredError,
  isOutputTrackingError,
  isRuntimeStartedError,
} from './errors';
export { getOptional } from './get-optional';
export { WakeTimer } from './wake-timer';
