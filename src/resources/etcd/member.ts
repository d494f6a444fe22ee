// EtcdMembers.etcd.talos.dev: the local etcd member (id "local"), written while etcd runs and is
// healthy; its member ID as 16 hex digits, as Talos formats it.
import { defineResource } from '../definition';
import { ETCD_NAMESPACE } from './config';

export const ETCD_LOCAL_MEMBER_ID = 'local';

export interface EtcdMemberSpec {
  memberID: string;
}

export const EtcdMemberDefinition = defineResource<EtcdMemberSpec>({
  type: 'EtcdMembers.etcd.talos.dev',
  defaultNamespace: ETCD_NAMESPACE,
  printColumns: [{ name: 'Member ID', jsonPath: '{.memberID}' }],
  protoSpec: 'talos.resource.definitions.etcd.MemberSpec',
  toProto: (s) => ({ member_id: s.memberID }),
  toYAML: (s) => ({ memberID: s.memberID }),
});

/** An etcd member ID (uint64) as Talos prints it: 16 lower-case hex digits. */
export function formatMemberID(id: bigint | string): string {
  return BigInt(id).toString(16).padStart(16, '0');
}

export class MemberIDParseError extends Error {
  constructor(text: string, reason: 'invalid syntax' | 'value out of range' = 'invalid syntax') {
    super(`error parsing etcd member id: strconv.ParseUint: parsing ${JSON.stringify(text)}: ${reason}`);
    this.name = 'MemberIDParseError';
  }
}

/** Parses a member ID in hex (with or without leading zeros), as Talos's ParseMemberID (Go's ParseUint). */
export function parseMemberID(text: string): bigint {
  if (!/^[0-9a-fA-F]+$/.test(text)) throw new MemberIDParseError(text);
  const id = BigInt(`0x${text}`);
  if (id > 0xffff_ffff_ffff_ffffn) throw new MemberIDParseError(text, 'value out of range');
  return id;
}
