// Errors raised at the API boundary, and the mapping of every error to a gRPC status.
import { status as Status, type StatusObject, Metadata } from '@grpc/grpc-js';
import { isConfigValidationError } from '../config/errors';
import { isConflictError, isNotFoundError, isOwnerConflictError, isPhaseConflictError } from '../state';
import { errorMessage } from '../error-message';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: Status,
    message: string,
  ) {
    super(message);
  }
}

export const permissionDenied = (): ApiError => new ApiError(Status.PERMISSION_DENIED, 'not authorized');
export const unimplemented = (method: string): ApiError =>
  new ApiError(Status.UNIMPLEMENTED, `method ${method} is not implemented by this node yet`);
export const invalidArgument = (message: string): ApiError => new ApiError(Status.INVALID_ARGUMENT, message);
export const failedPrecondition = (message: string): ApiError =>
  new ApiError(Status.FAILED_PRECONDITION, message);

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

function code(e: unknown): Status {
  if (isApiError(e)) return e.code;
  if (isConfigValidationError(e)) return Status.INVALID_ARGUMENT;
  if (isNotFoundError(e)) return Status.NOT_FOUND;
  if (isConflictError(e) || isOwnerConflictError(e) || isPhaseConflictError(e))
    return Status.FAILED_PRECONDITION;
  return Status.INTERNAL;
}

export function toStatus(e: unknown): Partial<StatusObject> {
  const details = errorMessage(e);
  return { code: code(e), details, metadata: new Metadata() };
}
