// The part of etcd's v3 API (etcdserverpb) the agent speaks: KV Range for the quorum check, KV and Lease
// for elections (the shared VIP), Cluster membership and Maintenance. Field numbers as etcd's rpc.proto; unknown fields are skipped, so the
// subset decodes answers of etcd 3.4 to 3.6 alike.
import protobuf from 'protobufjs';

const RPC_PROTO = `
syntax = "proto3";
package etcdserverpb;

message ResponseHeader {
  uint64 cluster_id = 1;
  uint64 member_id = 2;
  int64 revision = 3;
  uint64 raft_term = 4;
}

message RangeRequest {
  bytes key = 1;
  bytes range_end = 2;
  int64 limit = 3;
  bool serializable = 7;
  bool keys_only = 8;
  bool count_only = 9;
}
message KeyValue {
  bytes key = 1;
  int64 create_revision = 2;
  int64 mod_revision = 3;
  int64 version = 4;
  bytes value = 5;
  int64 lease = 6;
}
message RangeResponse {
  ResponseHeader header = 1;
  repeated KeyValue kvs = 2;
  int64 count = 4;
}
message PutRequest {
  bytes key = 1;
  bytes value = 2;
  int64 lease = 3;
}
message DeleteRangeRequest {
  bytes key = 1;
  bytes range_end = 2;
}
message RequestOp {
  oneof request {
    RangeRequest request_range = 1;
    PutRequest request_put = 2;
    DeleteRangeRequest request_delete_range = 3;
  }
}
message Compare {
  enum CompareResult { EQUAL = 0; GREATER = 1; LESS = 2; NOT_EQUAL = 3; }
  enum CompareTarget { VERSION = 0; CREATE = 1; MOD = 2; VALUE = 3; LEASE = 4; }
  CompareResult result = 1;
  CompareTarget target = 2;
  bytes key = 3;
  oneof target_union {
    int64 version = 4;
    int64 create_revision = 5;
    int64 mod_revision = 6;
    bytes value = 7;
    int64 lease = 8;
  }
}
message TxnRequest {
  repeated Compare compare = 1;
  repeated RequestOp success = 2;
  repeated RequestOp failure = 3;
}
message TxnResponse {
  ResponseHeader header = 1;
  bool succeeded = 2;
}
message LeaseGrantRequest { int64 TTL = 1; int64 ID = 2; }
message LeaseGrantResponse {
  ResponseHeader header = 1;
  int64 ID = 2;
  int64 TTL = 3;
  string error = 4;
}
message LeaseRevokeRequest { int64 ID = 1; }
message LeaseRevokeResponse { ResponseHeader header = 1; }
message LeaseKeepAliveRequest { int64 ID = 1; }
message LeaseKeepAliveResponse {
  ResponseHeader header = 1;
  int64 ID = 2;
  int64 TTL = 3;
}

message Member {
  uint64 ID = 1;
  string name = 2;
  repeated string peerURLs = 3;
  repeated string clientURLs = 4;
  bool isLearner = 5;
}
message MemberAddRequest {
  repeated string peerURLs = 1;
  bool isLearner = 2;
}
message MemberAddResponse {
  ResponseHeader header = 1;
  Member member = 2;
  repeated Member members = 3;
}
message MemberRemoveRequest { uint64 ID = 1; }
message MemberRemoveResponse {
  ResponseHeader header = 1;
  repeated Member members = 2;
}
message MemberListRequest { bool linearizable = 1; }
message MemberListResponse {
  ResponseHeader header = 1;
  repeated Member members = 2;
}
message MemberPromoteRequest { uint64 ID = 1; }
message MemberPromoteResponse {
  ResponseHeader header = 1;
  repeated Member members = 2;
}

enum AlarmType {
  NONE = 0;
  NOSPACE = 1;
  CORRUPT = 2;
}
message AlarmRequest {
  enum AlarmAction {
    GET = 0;
    ACTIVATE = 1;
    DEACTIVATE = 2;
  }
  AlarmAction action = 1;
  uint64 memberID = 2;
  AlarmType alarm = 3;
}
message AlarmMember {
  uint64 memberID = 1;
  AlarmType alarm = 2;
}
message AlarmResponse {
  ResponseHeader header = 1;
  repeated AlarmMember alarms = 2;
}

enum DowngradeAction {
  VALIDATE = 0;
  ENABLE = 1;
  CANCEL = 2;
}
message DowngradeRequest {
  DowngradeAction action = 1;
  string version = 2;
}
message DowngradeResponse {
  ResponseHeader header = 1;
  string version = 2;
}

message StatusRequest {}
message StatusResponse {
  ResponseHeader header = 1;
  string version = 2;
  int64 dbSize = 3;
  uint64 leader = 4;
  uint64 raftIndex = 5;
  uint64 raftTerm = 6;
  uint64 raftAppliedIndex = 7;
  repeated string errors = 8;
  int64 dbSizeInUse = 9;
  bool isLearner = 10;
  string storageVersion = 11;
}

message DefragmentRequest {}
message DefragmentResponse { ResponseHeader header = 1; }

message SnapshotRequest {}
message SnapshotResponse {
  ResponseHeader header = 1;
  uint64 remaining_bytes = 2;
  bytes blob = 3;
}

message MoveLeaderRequest { uint64 targetID = 1; }
message MoveLeaderResponse { ResponseHeader header = 1; }
`;

let root: protobuf.Root | undefined;

/** The parsed subset, built on first use. */
export function etcdRoot(): protobuf.Root {
  root ??= protobuf.parse(RPC_PROTO, { keepCase: true }).root;
  return root;
}

export interface Codec<T> {
  readonly serialize: (value: T) => Buffer;
  readonly deserialize: (bytes: Buffer) => T;
}

/** Encoder/decoder of one message; 64-bit integers are decimal strings, enums names. */
export function codec<T>(name: string): Codec<T> {
  const type = etcdRoot().lookupType(`etcdserverpb.${name}`);
  return {
    serialize: (value) =>
      Buffer.from(type.encode(type.fromObject(value as Record<string, unknown>)).finish()),
    deserialize: (bytes) =>
      type.toObject(type.decode(bytes), { longs: String, enums: String, defaults: true, bytes: Buffer }) as T,
  };
}
