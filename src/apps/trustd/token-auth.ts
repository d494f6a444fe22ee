// trustd's caller check, as Talos's basic token auth (pkg/grpc/middleware/auth/basic): the
// call's metadata "token" must equal machine.token. Both sides are hashed before a
// constant-time comparison, so neither their contents nor their lengths leak through timing.
import { createHash, timingSafeEqual } from 'node:crypto';
import { status, type Metadata } from '@grpc/grpc-js';
import { ApiError } from '../../grpc/errors';

export const TOKEN_METADATA_KEY = 'token';

const digest = (v: string | Buffer): Buffer => createHash('sha256').update(v).digest();

/** Throws Unauthenticated ("missing token" / "invalid token") unless the first `token` value matches. */
export function checkToken(metadata: Metadata, expected: string): void {
  const presented = metadata.get(TOKEN_METADATA_KEY)[0];
  if (presented === undefined) throw new ApiError(status.UNAUTHENTICATED, 'missing token');
  if (!timingSafeEqual(digest(presented), digest(expected)))
    throw new ApiError(status.UNAUTHENTICATED, 'invalid token');
}
