// The part of containerd's gRPC API the agent speaks (written from containerd's api/ field numbers):
// version, grpc health, containers and images metadata, tasks and their metrics, and the cgroup v1/v2
// metrics payloads a task's metrics carry in a google.protobuf.Any. Unknown fields are skipped, so the
// subset decodes containerd 1.6 to 2.x answers alike.
import protobuf from 'protobufjs';

const CONTAINERD_PROTO = `
syntax = "proto3";

package google.protobuf;
message Empty {}
message Any {
  string type_url = 1;
  bytes value = 2;
}
message Timestamp {
  int64 seconds = 1;
  int32 nanos = 2;
}
`;

const SERVICES_PROTO = `
syntax = "proto3";

package containerd;

message VersionResponse {
  string version = 1;
  string revision = 2;
}

message HealthCheckRequest { string service = 1; }
message HealthCheckResponse {
  enum ServingStatus {
    UNKNOWN = 0;
    SERVING = 1;
    NOT_SERVING = 2;
    SERVICE_UNKNOWN = 3;
  }
  ServingStatus status = 1;
}

message Runtime {
  string name = 1;
  google.protobuf.Any options = 2;
}
message Container {
  string id = 1;
  map<string, string> labels = 2;
  string image = 3;
  Runtime runtime = 4;
  google.protobuf.Any spec = 5;
  string snapshotter = 6;
  string snapshot_key = 7;
  google.protobuf.Timestamp created_at = 8;
  google.protobuf.Timestamp updated_at = 9;
  string sandbox = 11;
}
message ListContainersRequest { repeated string filters = 1; }
message ListContainersResponse { repeated Container containers = 1; }
message CreateContainerRequest { Container container = 1; }
message CreateContainerResponse { Container container = 1; }
message DeleteContainerRequest { string id = 1; }

message Descriptor {
  string media_type = 1;
  string digest = 2;
  int64 size = 3;
  map<string, string> annotations = 5;
}
message Image {
  string name = 1;
  map<string, string> labels = 2;
  Descriptor target = 3;
}
message ListImagesRequest { repeated string filters = 1; }
message ListImagesResponse { repeated Image images = 1; }

enum TaskStatus {
  UNKNOWN = 0;
  CREATED = 1;
  RUNNING = 2;
  STOPPED = 3;
  PAUSED = 4;
  PAUSING = 5;
}
message Process {
  string container_id = 1;
  string id = 2;
  uint32 pid = 3;
  TaskStatus status = 4;
  string stdin = 5;
  string stdout = 6;
  string stderr = 7;
  bool terminal = 8;
  uint32 exit_status = 9;
}
message ListTasksRequest { string filter = 1; }
message ListTasksResponse { repeated Process tasks = 1; }

message MetricsRequest { repeated string filters = 1; }
message Metric {
  google.protobuf.Timestamp timestamp = 1;
  string id = 2;
  google.protobuf.Any data = 3;
}
message MetricsResponse { repeated Metric metrics = 1; }
`;

const CGROUPS_PROTO = `
syntax = "proto3";

package cgroups;

message V1CPUUsage { uint64 total = 1; uint64 kernel = 2; uint64 user = 3; }
message V1CPUStat { V1CPUUsage usage = 1; }
message V1MemoryEntry { uint64 limit = 1; uint64 usage = 2; uint64 max = 3; uint64 failcnt = 4; }
message V1MemoryStat {
  uint64 cache = 1;
  uint64 rss = 2;
  uint64 inactive_file = 13;
  uint64 total_inactive_file = 30;
  V1MemoryEntry usage = 33;
}
message V1Metrics {
  V1CPUStat cpu = 3;
  V1MemoryStat memory = 4;
}

message V2CPUStat { uint64 usage_usec = 1; uint64 user_usec = 2; uint64 system_usec = 3; }
message V2MemoryStat {
  uint64 anon = 1;
  uint64 file = 2;
  uint64 inactive_file = 13;
  uint64 usage = 32;
  uint64 usage_limit = 33;
}
message V2Metrics {
  V2CPUStat cpu = 2;
  V2MemoryStat memory = 4;
}
`;

let root: protobuf.Root | undefined;

/** The parsed subset, built on first use. */
export function containerdRoot(): protobuf.Root {
  if (!root) {
    const r = new protobuf.Root();
    for (const src of [CONTAINERD_PROTO, SERVICES_PROTO, CGROUPS_PROTO])
      protobuf.parse(src, r, { keepCase: true });
    root = r;
  }
  return root;
}

export interface Codec<T> {
  readonly serialize: (value: T) => Buffer;
  readonly deserialize: (bytes: Buffer) => T;
}

/** Encoder/decoder of one message (`containerd.X`, `cgroups.X`, `google.protobuf.X`); 64-bit integers as strings. */
export function codec<T>(name: string): Codec<T> {
  const type = containerdRoot().lookupType(name);
  return {
    serialize: (value) =>
      Buffer.from(type.encode(type.fromObject(value as Record<string, unknown>)).finish()),
    deserialize: (bytes) =>
      type.toObject(type.decode(bytes), {
        longs: String,
        enums: String,
        defaults: true,
        bytes: Buffer,
      }) as T,
  };
}
