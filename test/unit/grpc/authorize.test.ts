import { describe, expect, it } from 'vitest';
import { isAuthorized, isReaderMethod } from '../../../src/grpc/authorize';
import { rolesFromOrganizations, type Role } from '../../../src/grpc/roles';

const roles = (...r: Role[]) => new Set<Role>(r);

describe('Talos role rules', () => {
  it('lets admin call anything, and nobody else call unlisted methods', () => {
    expect(
      isAuthorized({ method: '/machine.MachineService/Reboot', roles: roles('os:admin'), configured: true }),
    ).toBe(true);
    expect(
      isAuthorized({
        method: '/machine.MachineService/Reboot',
        roles: roles('os:operator'),
        configured: true,
      }),
    ).toBe(true);
    expect(
      isAuthorized({ method: '/machine.MachineService/Reboot', roles: roles('os:reader'), configured: true }),
    ).toBe(false);
    expect(
      isAuthorized({
        method: '/machine.MachineService/Bootstrap',
        roles: roles('os:operator'),
        configured: true,
      }),
    ).toBe(false);
    expect(
      isAuthorized({ method: '/no.Such/Method', roles: roles('os:reader', 'os:operator'), configured: true }),
    ).toBe(false);
  });

  it('accepts ApplyConfiguration from a reader only in maintenance', () => {
    const method = '/machine.MachineService/ApplyConfiguration';
    expect(isAuthorized({ method, roles: roles('os:reader'), configured: false })).toBe(true);
    expect(isAuthorized({ method, roles: roles('os:reader'), configured: true })).toBe(false);
    expect(isAuthorized({ method, roles: roles('os:admin'), configured: true })).toBe(true);
  });

  it('gives etcd backup only its own methods', () => {
    expect(
      isAuthorized({
        method: '/machine.MachineService/EtcdSnapshot',
        roles: roles('os:etcd:backup'),
        configured: true,
      }),
    ).toBe(true);
    expect(
      isAuthorized({
        method: '/machine.MachineService/Version',
        roles: roles('os:etcd:backup'),
        configured: true,
      }),
    ).toBe(false);
  });

  it('knows which methods readers may call', () => {
    expect(isReaderMethod('/machine.MachineService/Version')).toBe(true);
    expect(isReaderMethod('/cosi.resource.State/Create')).toBe(false);
  });

  it('reads roles from certificate organizations and ignores unknown ones', () => {
    expect([...rolesFromOrganizations(['os:reader', 'system:masters', 'os:admin'])].sort()).toEqual([
      'os:admin',
      'os:reader',
    ]);
  });
});
