// Controller runtime errors, recognised by predicates (never by message text).
import type { ResourceKind } from '../state';

/** A controller read (or changed finalizers of) a resource it did not declare as an input. */
export class InputNotDeclaredError extends Error {
  override readonly name = 'InputNotDeclaredError';
  constructor(
    readonly controller: string,
    readonly resource: ResourceKind & { readonly id?: string },
    /** `read`: no input or output covers it; `finalizer`: finalizers need a strong input. */
    readonly access: 'read' | 'finalizer',
  ) {
    const what = `${resource.namespace}/${resource.type}${resource.id === undefined ? '' : `/${resource.id}`}`;
    super(
      access === 'read'
        ? `controller ${JSON.stringify(controller)} reads ${what}, which is neither an input nor an output`
        : `controller ${JSON.stringify(controller)} changes finalizers of ${what}, which is not a strong input`,
    );
  }
}

/** A controller wrote a resource type it did not declare as an output. */
export class OutputNotDeclaredError extends Error {
  override readonly name = 'OutputNotDeclaredError';
  constructor(
    readonly controller: string,
    readonly type: string,
    readonly operation: string,
  ) {
    super(
      `controller ${JSON.stringify(controller)} attempted ${operation} on ${type}, which is not an output`,
    );
  }
}

/** Two controllers claim one output type and at least one claim is exclusive. */
export class OutputConflictError extends Error {
  override readonly name = 'OutputConflictError';
  constructor(
    readonly type: string,
    readonly controller: string,
    readonly existingOwner: string,
    readonly existingKind: 'exclusive' | 'shared',
  ) {
    super(
      `controller ${JSON.stringify(controller)} cannot output ${type}: already managed in ${existingKind} mode by ${JSON.stringify(existingOwner)}`,
    );
  }
}

/** A controller of that name is already registered. */
export class DuplicateControllerError extends Error {
  override readonly name = 'DuplicateControllerError';
  constructor(readonly controller: string) {
    super(`controller ${JSON.stringify(controller)} is already registered`);
  }
}

/** `register` after `run` started, or `run` called twice. */
export class RuntimeStartedError extends Error {
  override readonly name = 'RuntimeStartedError';
  constructor(readonly operation: 'register' | 'run') {
    super(`controller runtime already running: ${operation} refused`);
  }
}

/** `cleanupOutputs` without `startTrackingOutputs` first. */
export class OutputTrackingError extends Error {
  override readonly name = 'OutputTrackingError';
  constructor(readonly controller: string) {
    super(`controller ${JSON.stringify(controller)} cleaned up outputs without startTrackingOutputs()`);
  }
}

export const isInputNotDeclaredError = (e: unknown): e is InputNotDeclaredError =>
  e instanceof InputNotDeclaredError;
export const isOutputNotDeclaredError = (e: unknown): e is OutputNotDeclaredError =>
  e instanceof OutputNotDeclaredError;
export const isOutputConflictError = (e: unknown): e is OutputConflictError =>
  e instanceof OutputConflictError;
export const isDuplicateControllerError = (e: unknown): e is DuplicateControllerError =>
  e instanceof DuplicateControllerError;
export const isRuntimeStartedError = (e: unknown): e is RuntimeStartedError =>
  e instanceof RuntimeStartedError;
export const isOutputTrackingError = (e: unknown): e is OutputTrackingError =>
  e instanceof OutputTrackingError;
