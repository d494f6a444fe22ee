// The part of containerd's gRPC API the agent speaks (written from containerd's api/ field numbers):
// version, grpc health, containers and images metadata, content reads, snapshots, the task lifecycle
// (create, start, kill, wait, delete) and task metrics, and the cgroup v1/v2
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
  google.protobuf.Timestamp created_at = 7;
  google.protobuf.Timestamp updated_at = 8;
}
message DeleteImageRequest { string name = 1; bool sync = 2; }
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

message GetContainerRequest { string id = 1; }
message GetContainerResponse { Container container = 1; }

message GetImageRequest { string name = 1; }
message GetImageResponse { Image image = 1; }

message ContentInfo {
  string digest = 1;
  int64 size = 2;
  map<string, string> labels = 5;
}
message ContentInfoRequest { string digest = 1; }
message ContentInfoResponse { ContentInfo info = 1; }
message ReadContentRequest {
  string digest = 1;
  int64 offset = 2;
  int64 size = 3;
}
message ReadContentResponse {
  int64 offset = 1;
  bytes data = 2;
}

message Mount {
  string type = 1;
  string source = 2;
  string target = 3;
  repeated string options = 4;
}
message PrepareSnapshotRequest {
  string snapshotter = 1;
  string key = 2;
  string parent = 3;
  map<string, string> labels = 4;
}
message PrepareSnapshotResponse { repeated Mount mounts = 1; }
message SnapshotKeyRequest {
  string snapshotter = 1;
  string key = 2;
}
message SnapshotInfo {
  string name = 1;
  string parent = 2;
  int32 kind = 3;
}
message StatSnapshotResponse { SnapshotInfo info = 1; }
message MountsResponse { repeated Mount mounts = 1; }

message CreateTaskRequest {
  string container_id = 1;
  repeated Mount rootfs = 3;
  string stdin = 4;
  string stdout = 5;
  string stderr = 6;
  bool terminal = 7;
}
message CreateTaskResponse {
  string container_id = 1;
  uint32 pid = 2;
}
message TaskProcessRequest {
  string container_id = 1;
  string exec_id = 2;
}
message StartTaskResponse { uint32 pid = 1; }
message DeleteTaskRequest { string container_id = 1; }
message DeleteTaskResponse {
  string id = 1;
  uint32 pid = 2;
  uint32 exit_status = 3;
}
message GetTaskResponse { Process process = 1; }
message KillTaskRequest {
  string container_id = 1;
  string exec_id = 2;
  uint32 signal = 3;
  bool all = 4;
}
message WaitTaskResponse {
  uint32 exit_status = 1;
  google.protobuf.Timestamp exited_at = 2;
}
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
