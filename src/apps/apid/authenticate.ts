// Who is calling: the roles of the caller's client certificate (or reader for everyone in
// maintenance), with impersonation for trusted peers that forward a caller's roles.
import { status } from '@grpc/grpc-js';
import type { Caller } from '../../grpc/api-server';
import { ApiError } from '../../grpc/errors';
import { isRole, ROLE_METADATA_KEY, rolesFromOrganizations, type Role } from '../../grpc/roles';

const CLIENT_AUTH_OID = '1.3.6.1.5.5.7.3.2';
const READER: ReadonlySet<Role> = new Set(['os:reader']);

export function authenticate(caller: Caller, readonlyRoleMode: boolean): ReadonlySet<Role> {
  if (readonlyRoleMode) return READER;
  const cert = caller.certificate();
  if (!cert || Object.keys(cert).length === 0)
    throw new ApiError(status.UNAUTHENTICATED, 'client certificate is required');
  const usage = cert.ext_key_usage ?? [];
  if (usage.length !== 1 || usage[0] !== CLIENT_AUTH_OID) {
    throw new ApiError(
      status.UNAUTHENTICATED,
      'client certificate must have exactly the client auth extended key usage',
    );
  }
  const org: string | string[] | undefined = cert.subject.O;
  const roles = rolesFromOrganizations(org === undefined ? [] : Array.isArray(org) ? org : [org]);
  if (!roles.has('os:impersonator')) return roles;
  // A peer apid forwarding a call says whose roles it carries (only roles Talos knows count; roles
  // that name nothing grant nothing). An impersonator sending none acts with its own roles.
  const forwarded = caller.metadata
    .get(ROLE_METADATA_KEY)
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return forwarded.length > 0 ? new Set(forwarded.filter(isRole)) : roles;
}
