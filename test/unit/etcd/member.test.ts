// EtcdMembers: Talos's member ID text, the resource encoding, the local endpoint choice, the status
// storage version fallback, and etcd error recognition.
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { storageVersionOf } from '../../../src/apps/machined/api/etcd-api';
import { endpointAddress } from '../../../src/etcd/client';
import { EtcdError, isMemberNotFound, isUnreachable } from '../../../src/etcd/errors';
import { localEndpoint } from '../../../src/etcd/local';
import { apiSchema } from '../../../src/grpc/api-schema';
import { EtcdMemberDefinition, formatMemberID, parseMemberID } from '../../../src/resources/etcd/member';

describe('member IDs', () => {
  it('formats as 16 hex digits and parses back, as Talos', () => {
    expect(formatMemberID(0n)).toBe('0000000000000000');
    expect(formatMemberID('10276657743932975437')).toBe('8e9e05c52164694d');
    expect(formatMemberID(0xabcn)).toBe('0000000000000abc');
    expect(parseMemberID('8e9e05c52164694d')).toBe(10276657743932975437n);
    expect(parseMemberID('abc')).toBe(0xabcn);
    expect(() => parseMemberID('xyz')).toThrow(
      'error parsing etcd member id: strconv.ParseUint: parsing "xyz": invalid syntax',
    );
    expect(() => parseMemberID('1'.repeat(17))).toThrow(
      'error parsing etcd member id: strconv.ParseUint: parsing "11111111111111111": value out of range',
    );
    expect(parseMemberID('0'.repeat(20) + 'ff')).toBe(0xffn);
  });

  it('EtcdMembers encodes as talos.resource.definitions.etcd.MemberSpec', () => {
    const codec = apiSchema().codec(EtcdMemberDefinition.protoSpec ?? '');
    const spec = { memberID: '8e9e05c52164694d' };
    expect(codec.decode(codec.encode(EtcdMemberDefinition.toProto!(spec)))).toEqual({
      member_id: '8e9e05c52164694d',
    });
    expect(EtcdMemberDefinition.toYAML!(spec)).toEqual({ memberID: '8e9e05c52164694d' });
    expect(EtcdMemberDefinition.defaultNamespace).toBe('etcd');
  });
});

describe('local endpoint', () => {
  it('prefers 127.0.0.1, then a specific listen address, then the advertised address', () => {
    expect(
      localEndpoint({ listenClientAddresses: ['127.0.0.1', '10.0.0.2'], advertisedAddresses: ['10.0.0.2'] }),
    ).toBe('127.0.0.1:2379');
    expect(
      localEndpoint({ listenClientAddresses: ['127.0.0.51'], advertisedAddresses: ['127.0.0.51'] }),
    ).toBe('127.0.0.51:2379');
    expect(localEndpoint({ listenClientAddresses: ['0.0.0.0'], advertisedAddresses: ['fd00::5'] })).toBe(
      '[fd00::5]:2379',
    );
    expect(endpointAddress('https://10.0.0.1:2379')).toBe('10.0.0.1:2379');
  });
});

describe('status and errors', () => {
  it('derives the storage version from the version before etcd 3.6', () => {
    expect(storageVersionOf('', '3.4.23')).toBe('3.4.0');
    expect(storageVersionOf('3.6.0', '3.6.4')).toBe('3.6.0');
    expect(storageVersionOf('', 'weird')).toBe('unknown');
  });

  it('recognises etcd errors by their description', () => {
    expect(isMemberNotFound(new EtcdError(status.NOT_FOUND, 'etcdserver: member not found'))).toBe(true);
    expect(isMemberNotFound(new EtcdError(status.NOT_FOUND, 'something else'))).toBe(false);
    expect(isUnreachable(new EtcdError(status.UNAVAILABLE, 'No connection established'))).toBe(true);
    expect(isUnreachable(new EtcdError(status.UNAVAILABLE, 'etcdserver: unhealthy cluster'))).toBe(false);
  });
});
