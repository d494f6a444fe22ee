// A small containerd client over grpc-js on containerd's unix socket: version and health, containers and
// images metadata, tasks and their metrics, in one namespace (the `containerd-namespace` header, as
// containerd's own clients send it).
import * as grpc from '@grpc/grpc-js';
import type { AnyMessage } from './metrics';
import { codec, type Codec } from './proto';

export const NAMESPACE_HEADER = 'containerd-namespace';
const DEFAULT_TIMEOUT_MS = 10_000;

export interface ContainerdVersion {
  readonly version: string;
  readonly revision: string;
}

export interface ContainerRecord {
  id: string;
  labels: Record<string, string>;
  image: string;
  runtime: { name: string } | null;
  spec: AnyMessage | null;
  snapshotter: string;
  snapshot_key: string;
}

export interface ImageRecord {
  name: string;
  labels: Record<string, string>;
  target: { media_type: string; digest: string; size: string } | null;
}

export type TaskStatus = 'UNKNOWN' | 'CREATED' | 'RUNNING' | 'STOPPED' | 'PAUSED' | 'PAUSING';

export interface TaskRecord {
  container_id: string;
  id: string;
  pid: number;
  status: TaskStatus;
  exit_status: number;
}

export interface MetricRecord {
  id: string;
  data: AnyMessage | null;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Per-call deadline (default 10 s). */
  readonly timeoutMs?: number;
}

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
    });
  }

  close(): void {
    this.client.close();
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
      const md = new grpc.Metadata();
      if (this.namespace !== '') md.set(NAMESPACE_HEADER, this.namespace);
      const call = this.client.makeUnaryRequest(
        path,
        reqCodec.serialize,
        resCodec.deserialize,
        req,
        md,
        { deadline: Date.now() + (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) },
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

  /** Creates a container record (no task); `spec` is the runtime spec as JSON (an OCI spec). */
  async createContainer(
    c: { id: string; labels?: Record<string, string>; image?: string; runtime?: string; spec?: unknown },
    opts: CallOptions = {},
  ): Promise<ContainerRecord> {
    const container = {
      id: c.id,
      labels: c.labels ?? {},
      image: c.image ?? '',
      runtime: { name: c.runtime ?? 'io.containerd.runc.v2' },
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
}
