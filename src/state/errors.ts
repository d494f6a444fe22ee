// Store errors, recognised by predicates (never by message text).
import { pointerString, type ResourcePointer } from './resource';

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(readonly pointer: ResourcePointer) {
    super(`resource ${pointerString(pointer)} doesn't exist`);
  }
}

export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(
    readonly pointer: ResourcePointer,
    reason: string,
  ) {
    super(`resource ${pointerString(pointer)}: ${reason}`);
  }
}

export class OwnerConflictError extends Error {
  override readonly name = 'OwnerConflictError';
  constructor(
    readonly pointer: ResourcePointer,
    readonly owner: string,
    readonly requested: string,
  ) {
    super(
      `resource ${pointerString(pointer)} is owned by ${JSON.stringify(owner)}, not ${JSON.stringify(requested)}`,
    );
  }
}

export class PhaseConflictError extends Error {
  override readonly name = 'PhaseConflictError';
  constructor(
    readonly pointer: ResourcePointer,
    readonly phase: string,
  ) {
    super(`resource ${pointerString(pointer)} is in phase ${phase}`);
  }
}

export const isNotFoundError = (e: unknown): e is NotFoundError => e instanceof NotFoundError;
export const isConflictError = (e: unknown): e is ConflictError => e instanceof ConflictError;
export const isOwnerConflictError = (e: unknown): e is OwnerConflictError => e instanceof OwnerConflictError;
export const isPhaseConflictError = (e: unknown): e is PhaseConflictError => e instanceof PhaseConflictError;
