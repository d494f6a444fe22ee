// A small containerd client over grpc-js on containerd's unix socket: version and health, containers and
// images metadata, content, snapshots, tasks (their lifecycle and metrics), in one namespace (the
// `containerd-namespace` header, as containerd's own clients send it).
import * as grpc from '@grpc/grpc-js';
import { codec, type Codec } from './proto';
import type {
  CallOptions,
  ContainerRecord,
  ContainerdVersion,
  ImageRecord,
  MetricRecord,
  MountRecord,
  TaskRecord,
} from './records';

export type * from './records';

export const NAMESPACE_HEADER = 'containerd-namespace';
const DEFAULT_TIMEOUT_MS = 10_000;

/** The default snapshotter of containerd on Linux (what `ctr images import` unpacks for). */
export const DEFAULT_SNAPSHOTTER = 'overlayfs';

export class ContainerdError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
    this.name = 'ContainerdError';
  }
}

export const isNotFound = (e: unknown): boolean =>
  e instanceof ContainerdError && e.code === grpc.status.NOT_FOUND;

export class ContainerdClient {
  private readonly client: grpc.Client;

  /** `socket`: the path of containerd's unix socket. */
  constructor(
    readonly socket: string,
    readonly namespace = '',
  ) {
    this.client = new grpc.Client(`unix:${socket}`, grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': 16 * 1024 * 1024,
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1000,
      // Each client connects on its own. grpc-js otherwise shares one connection per socket between
      // clients, and a new client inherits a failure still in backoff (a health check that tried
      // before containerd was up): its calls then fail at once although containerd now answers.
      'grpc.use_local_subchannel_pool': 1,
    });
  }

  close(): void {
    this.client.close();
  }

  private metadata(): grpc.Metadata {
    const md = new grpc.Metadata();
    if (this.namespace !== '') md.set(NAMESPACE_HEADER, this.namespace);
    return md;
  }

  private deadline(opts: CallOptions): grpc.CallOptions {
    const ms = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return Number.isFinite(ms) ? { deadline: Date.now() + ms } : {};
  }

  private unary<Req, Res>(
    path: string,
    req: Req,
    reqType: string,
    resType: string,
    opts: CallOptions,
  ): Promise<Res> {
    const reqCodec: Codec<Req> = codec(reqType);
    const resCodec: Codec<Res> = codec(resType);
    return new Promise<Res>((resolve, reject) => {
      if (opts.signal?.aborted) {
        reject(new ContainerdError(grpc.status.CANCELLED, 'call cancelled'));
        return;
      }
      const call = this.client.makeUnaryRequest(
        path,
        reqCodec.serialize,
        resCodec.deserialize,
        req,
        this.metadata(),
        this.deadline(opts),
        (err, res) => {
          opts.signal?.removeEventListener('abort', onAbort);
          if (err) reject(new ContainerdError(err.code, err.details || err.message));
          else if (res === undefined) reject(new ContainerdError(grpc.status.INTERNAL, 'empty response'));
          else resolve(res);
        },
      );
      const onAbort = (): void => call.cancel();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  version(opts: CallOptions = {}): Promise<ContainerdVersion> {
    return this.unary(
      '/containerd.services.version.v1.Version/Version',
      {},
      'google.protobuf.Empty',
      'containerd.VersionResponse',
      opts,
    );
  }

  /** The grpc.health.v1 status of the whole server (SERVING when up). */
  async health(opts: CallOptions = {}): Promise<string> {
    const res = await this.unary<{ service: string }, { status: string }>(
      '/grpc.health.v1.Health/Check',
      { service: '' },
      'containerd.HealthCheckRequest',
      'containerd.HealthCheckResponse',
      opts,
    );
    return res.status;
  }

  async containers(filters: readonly string[] = [], opts: CallOptions = {}): Promise<ContainerRecord[]> {
    const res = await this.unary<{ filters: readonly string[] }, { containers: ContainerRecord[] }>(
      '/containerd.services.containers.v1.Containers/List',
      { filters },
      'containerd.ListContainersRequest',
      'containerd.ListContainersResponse',
      opts,
    );
    return res.containers;
  }

  /**
   * Creates a container record (no task); `spec` is the runtime spec as JSON (an OCI spec), its rootfs
   * the snapshot `snapshotKey` when given.
   */
  async createContainer(
    c: {
      id: string;
      labels?: Record<string, string>;
      image?: string;
      runtime?: string;
      spec?: unknown;
      snapshotter?: string;
      snapshotKey?: string;
    },
    opts: CallOptions = {},
  ): Promise<ContainerRecord> {
    const container = {
      id: c.id,
      labels: c.labels ?? {},
      image: c.image ?? '',
      runtime: { name: c.runtime ?? 'io.containerd.runc.v2' },
      snapshotter: c.snapshotKey ? (c.snapshotter ?? DEFAULT_SNAPSHOTTER) : '',
      snapshot_key: c.snapshotKey ?? '',
      spec: {
        type_url: 'types.containerd.io/opencontainers/runtime-spec/1/Spec',
        value: Buffer.from(JSON.stringify(c.spec ?? {})),
      },
    };
    const res = await this.unary<{ container: typeof container }, { container: ContainerRecord }>(
      '/containerd.services.containers.v1.Containers/Create',
      { container },
      'containerd.CreateContainerRequest',
      'containerd.CreateContainerResponse',
      opts,
    );
    return res.container;
  }

  async deleteContainer(id: string, opts: CallOptions = {}): Promise<void> {
    await this.unary(
      '/containerd.services.containers.v1.Containers/Delete',
      { id },
      'containerd.DeleteContainerRequest',
      'google.protobuf.Empty',
      opts,
    );
  }

  async images(filters: readonly string[] = [], opts: CallOptions = {}): Promise<ImageRecord[]> {
    const res = await this.unary<{ filters: readonly string[] }, { images: ImageRecord[] }>(
      '/containerd.services.images.v1.Images/List',
      { filters },
      'containerd.ListImagesRequest',
      'containerd.ListImagesResponse',
      opts,
    );
    return res.images;
  }

  async tasks(filter = '', opts: CallOptions = {}): Promise<TaskRecord[]> {
    const res = await this.unary<{ filter: string }, { tasks: TaskRecord[] }>(
      '/containerd.services.tasks.v1.Tasks/List',
      { filter },
      'containerd.ListTasksRequest',
      'containerd.ListTasksResponse',
      opts,
    );
    return res.tasks;
  }

  /** Metrics of the tasks matching any of the filters (e.g. `id==abc`); all tasks when none. */
  async metrics(filters: readonly string[] = [], opts: CallOptions = {}): Promise<MetricRecord[]> {
    const res = await this.unary<{ filters: readonly string[] }, { metrics: MetricRecord[] }>(
      '/containerd.services.tasks.v1.Tasks/Metrics',
      { filters },
      'containerd.MetricsRequest',
      'containerd.MetricsResponse',
      opts,
    );
    return res.metrics;
  }

  async getContainer(id: string, opts: CallOptions = {}): Promise<ContainerRecord> {
    const res = await this.unary<{ id: string }, { container: ContainerRecord }>(
      '/containerd.services.containers.v1.Containers/Get',
      { id },
      'containerd.GetContainerRequest',
      'containerd.GetContainerResponse',
      opts,
    );
    return res.container;
  }

  async getImage(name: string, opts: CallOptions = {}): Promise<ImageRecord> {
    const res = await this.unary<{ name: string }, { image: ImageRecord }>(
      '/containerd.services.images.v1.Images/Get',
      { name },
      'containerd.GetImageRequest',
      'containerd.GetImageResponse',
      opts,
    );
    return res.image;
  }

  /** Removes the image record `name`, waiting for its unreferenced content to be collected. */
  async deleteImage(name: string, opts: CallOptions = {}): Promise<void> {
    await this.unary(
      '/containerd.services.images.v1.Images/Delete',
      { name, sync: true },
      'containerd.DeleteImageRequest',
      'google.protobuf.Empty',
      opts,
    );
  }

  /** The whole blob `digest` from the content store (a server stream of chunks). */
  readContent(digest: string, opts: CallOptions = {}): Promise<Buffer> {
    const decode = codec<{ offset: string; data: Buffer }>('containerd.ReadContentResponse');
    const encode = codec<{ digest: string }>('containerd.ReadContentRequest');
    return new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const call = this.client.makeServerStreamRequest(
        '/containerd.services.content.v1.Content/Read',
        encode.serialize,
        decode.deserialize,
        { digest },
        this.metadata(),
        this.deadline(opts),
      );
      const onAbort = (): void => call.cancel();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      call.on('data', (m: { data: Buffer }) => chunks.push(m.data));
      call.on('error', (err: grpc.ServiceError) => {
        opts.signal?.removeEventListener('abort', onAbort);
        reject(new ContainerdError(err.code, err.details || err.message));
      });
      call.on('end', () => {
        opts.signal?.removeEventListener('abort', onAbort);
        resolve(Buffer.concat(chunks));
      });
    });
  }

  /** An active snapshot `key` on top of `parent` (a chain id); its mounts. */
  async prepareSnapshot(
    s: { snapshotter?: string; key: string; parent: string; labels?: Record<string, string> },
    opts: CallOptions = {},
  ): Promise<MountRecord[]> {
    const res = await this.unary<object, { mounts: MountRecord[] }>(
      '/containerd.services.snapshots.v1.Snapshots/Prepare',
      {
        snapshotter: s.snapshotter ?? DEFAULT_SNAPSHOTTER,
        key: s.key,
        parent: s.parent,
        labels: s.labels ?? {},
      },
      'containerd.PrepareSnapshotRequest',
      'containerd.PrepareSnapshotResponse',
      opts,
    );
    return res.mounts;
  }

  /** Whether snapshot `key` exists (e.g. an unpacked image layer chain). */
  async statSnapshot(key: string, snapshotter = DEFAULT_SNAPSHOTTER, opts: CallOptions = {}): Promise<void> {
    await this.unary(
      '/containerd.services.snapshots.v1.Snapshots/Stat',
      { snapshotter, key },
      'containerd.SnapshotKeyRequest',
      'containerd.StatSnapshotResponse',
      opts,
    );
  }

  async removeSnapshot(
    key: string,
    snapshotter = DEFAULT_SNAPSHOTTER,
    opts: CallOptions = {},
  ): Promise<void> {
    await this.unary(
      '/containerd.services.snapshots.v1.Snapshots/Remove',
      { snapshotter, key },
      'containerd.SnapshotKeyRequest',
      'google.protobuf.Empty',
      opts,
    );
  }

  /** Creates the task of a container (stdout/stderr: URIs such as file:///path, or FIFO paths). */
  async createTask(
    t: { containerId: string; rootfs: readonly MountRecord[]; stdout?: string; stderr?: string },
    opts: CallOptions = {},
  ): Promise<number> {
    const res = await this.unary<object, { pid: number }>(
      '/containerd.services.tasks.v1.Tasks/Create',
      { container_id: t.containerId, rootfs: t.rootfs, stdout: t.stdout ?? '', stderr: t.stderr ?? '' },
      'containerd.CreateTaskRequest',
      'containerd.CreateTaskResponse',
      opts,
    );
    return res.pid;
  }

  async startTask(containerId: string, opts: CallOptions = {}): Promise<number> {
    const res = await this.unary<object, { pid: number }>(
      '/containerd.services.tasks.v1.Tasks/Start',
      { container_id: containerId, exec_id: '' },
      'containerd.TaskProcessRequest',
      'containerd.StartTaskResponse',
      opts,
    );
    return res.pid;
  }

  async getTask(containerId: string, opts: CallOptions = {}): Promise<TaskRecord> {
    const res = await this.unary<object, { process: TaskRecord }>(
      '/containerd.services.tasks.v1.Tasks/Get',
      { container_id: containerId, exec_id: '' },
      'containerd.TaskProcessRequest',
      'containerd.GetTaskResponse',
      opts,
    );
    return res.process;
  }

  /** Signals the task's init process (`all`: every process of the container). */
  async killTask(containerId: string, signal: number, all = false, opts: CallOptions = {}): Promise<void> {
    await this.unary(
      '/containerd.services.tasks.v1.Tasks/Kill',
      { container_id: containerId, exec_id: '', signal, all },
      'containerd.KillTaskRequest',
      'google.protobuf.Empty',
      opts,
    );
  }

  /** Resolves with the exit status once the task has exited (no deadline unless given). */
  async waitTask(containerId: string, opts: CallOptions = {}): Promise<number> {
    const res = await this.unary<object, { exit_status: number }>(
      '/containerd.services.tasks.v1.Tasks/Wait',
      { container_id: containerId, exec_id: '' },
      'containerd.TaskProcessRequest',
      'containerd.WaitTaskResponse',
      { timeoutMs: Infinity, ...opts },
    );
    return res.exit_status;
  }

  /** Deletes a stopped task; its exit status. */
  async deleteTask(containerId: string, opts: CallOptions = {}): Promise<number> {
    const res = await this.unary<object, { exit_status: number }>(
      '/containerd.services.tasks.v1.Tasks/Delete',
      { container_id: containerId },
      'containerd.DeleteTaskRequest',
      'containerd.DeleteTaskResponse',
      opts,
    );
    return res.exit_status;
  }
}
