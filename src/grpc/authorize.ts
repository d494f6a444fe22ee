// Talos's per-method rules: who may call what.
import rbac from './rbac-rules.json';
import type { Role } from './roles';

const RULES: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(rbac.rules).map(([method, roles]) => [method, new Set(roles)]),
);

/** Methods a reader may call only while the node has no config (maintenance). */
const MAINTENANCE_ONLY_FOR_READER = new Set([
  '/machine.MachineService/ApplyConfiguration',
  '/storage.StorageService/BlockDeviceWipe',
]);

export interface AuthorizeInput {
  readonly method: string;
  readonly roles: ReadonlySet<Role>;
  /** False while the node waits for its config. */
  readonly configured: boolean;
}

export function isAuthorized({ method, roles, configured }: AuthorizeInput): boolean {
  if (roles.has('os:admin')) return true;
  const allowed = RULES.get(method);
  if (!allowed) return false;
  for (const role of roles) {
    if (!allowed.has(role)) continue;
    if (role === 'os:reader' && configured && MAINTENANCE_ONLY_FOR_READER.has(method)) continue;
    return true;
  }
  return false;
}

/** Whether the method is open to readers at all (so an unbuilt one answers Unimplemented, not PermissionDenied). */
export function isReaderMethod(method: string): boolean {
  return RULES.get(method)?.has('os:reader') ?? false;
}
