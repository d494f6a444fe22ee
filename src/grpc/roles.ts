// Talos roles, as carried in a client certificate's Organization.
export const ROLES = [
  'os:admin',
  'os:operator',
  'os:reader',
  'os:etcd:backup',
  'os:meta:writer',
  'os:image:verifier',
  'os:impersonator',
] as const;
export type Role = (typeof ROLES)[number];

const known = new Set<string>(ROLES);
export const isRole = (s: string): s is Role => known.has(s);

/** The roles named by a certificate's Organization values; unknown names are ignored. */
export function rolesFromOrganizations(orgs: readonly string[]): ReadonlySet<Role> {
  return new Set(orgs.filter(isRole));
}

/** The metadata in which a forwarding apid (an `os:impersonator`) passes on its caller's roles. */
export const ROLE_METADATA_KEY = 'talos-role';
