// A small etcd v3 client over grpc-js (mutual TLS with Talos's etcd admin certificate): membership,
// maintenance and the quorum check, as Talos's internal/pkg/etcd uses clientv3. Calls go to the
// endpoints in turn until one answers; an unreachable endpoint moves on to the next.
import * as grpc from '@grpc/grpc-js';
import { EtcdError, isUnreachable } from './errors';
import { codec, type Codec } from './rpc-proto';

export interface EtcdTLS {
  /** PEM of the etcd CA certificate. */
  readonly ca: string;
  /** PEM of the client certificate and its key. */
  readonly cert: string;
  readonly key: string;
}

export interface ResponseHeader {
  cluster_id: string;
  member_id: string;
  revision: string;
  raft_term: string;
}

export interface EtcdMemberInfo {
  ID: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

export interface MemberListResponse {
  header: ResponseHeader;
  members: EtcdMemberInfo[];
}

export interface MemberAddResponse extends MemberListResponse {
  member: EtcdMemberInfo;
}

export type AlarmType = 'NONE' | 'NOSPACE' | 'CORRUPT';
export interface AlarmMember {
  memberID: string;
  alarm: AlarmType;
}
export interface AlarmResponse {
  header: ResponseHeader;
  alarms: AlarmMember[];
}

export interface StatusResponse {
  header: ResponseHeader;
  version: string;
  dbSize: string;
  leader: string;
  raftIndex: string;
  raftTerm: string;
  raftAppliedIndex: string;
  errors: string[];
  dbSizeInUse: string;
  isLearner: boolean;
  storageVersion: string;
}

interface RangeResponse {
  header: ResponseHeader;
  count: string;
}
interface SnapshotResponse {
  header: ResponseHeader;
  remaining_bytes: string;
  blob: Buffer;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Per-call deadline (default 30 s). */
  readonly timeoutMs?: number;
  /** Fail unless the member has a leader (clientv3.WithRequireLeader). */
  readonly requireLeader?: boolean;
  /** Ask this endpoint only (Status, Defragment, MoveLeader are per member). */
  readonly endpoint?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** "https://10.0.0.1:2379" or "10.0.0.1:2379" → "10.0.0.1:2379"; IPv6 stays bracketed. */
export function endpointAddress(endpoint: string): string {
  return endpoint.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
}

/** host:port for an address and port, bracketing IPv6 (Go's net.JoinHostPort). */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A unary call: method path, request and its codec, the answer's codec, options. */
type UnaryCall<Req, Res> = [
  path: string,
  req: Req,
  reqCodec: Codec<Req>,
  resCodec: Codec<Res>,
  opts: CallOptions,
];

export class EtcdClient {
  private readonly channels = new Map<string, grpc.Client>();
  private readonly credentials: grpc.ChannelCredentials;
  private next = 0;
  readonly endpoints: readonly string[];

  constructor(endpoints: readonly string[], tls: EtcdTLS) {
    if (endpoints.length === 0) throw new Error('etcd client: no endpoints');
    this.endpoints = endpoints.map(endpointAddress);
    this.credentials = grpc.credentials.createSsl(
      Buffer.from(tls.ca),
      Buffer.from(tls.key),
      Buffer.from(tls.cert),
    );
  }

  close(): void {
    for (const c of this.channels.values()) c.close();
    this.channels.clear();
  }

  protected channel(endpoint: string): grpc.Client {
    const address = endpointAddress(endpoint);
    let c = this.channels.get(address);
    if (!c) {
      c = new grpc.Client(address, this.credentials, {
        'grpc.max_receive_message_length': 64 * 1024 * 1024,
        'grpc.initial_reconnect_backoff_ms': 200,
        'grpc.max_reconnect_backoff_ms': 2000,
      });
      this.channels.set(address, c);
    }
    return c;
  }

  /** The endpoints to try for a call, starting at the next one in turn. */
  private order(opts: CallOptions): string[] {
    if (opts.endpoint !== undefined) return [endpointAddress(opts.endpoint)];
    const start = this.next++ % this.endpoints.length;
    return [...this.endpoints.slice(start), ...this.endpoints.slice(0, start)];
  }

  protected async unary<Req, Res>(...call: UnaryCall<Req, Res>): Promise<Res> {
    const opts = call[4];
    let last: unknown;
    for (const endpoint of this.order(opts)) {
      try {
        return await this.unaryAt(endpoint, ...call);
      } catch (e: unknown) {
        if (!isUnreachable(e) || opts.signal?.aborted) throw e;
        last = e;
      }
    }
    throw last;
  }

  private unaryAt<Req, Res>(
    endpoint: string,
    ...[path, req, reqCodec, resCodec, opts]: UnaryCall<Req, Res>
  ): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      if (opts.signal?.aborted) {
        reject(abortError(opts.signal));
        return;
      }
      const call = this.channel(endpoint).makeUnaryRequest(
        path,
        reqCodec.serialize,
        resCodec.deserialize,
        req,
        metadata(opts),
        { deadline: Date.now() + (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) },
        (err, res) => {
          opts.signal?.removeEventListener('abort', onAbort);
          if (err) reject(toEtcdError(err));
          else if (res === undefined) reject(new EtcdError(grpc.status.INTERNAL, 'empty response'));
          else resolve(res);
        },
      );
      const onAbort = (): void => call.cancel();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Reads a key; used as Talos's quorum check (a linearizable read of "health"). */
  async get(key: string, opts: CallOptions = {}): Promise<{ header: ResponseHeader; count: number }> {
    const res = await this.unary(
      '/etcdserverpb.KV/Range',
      { key: Buffer.from(key), count_only: true },
      codec<{ key: Buffer; count_only: boolean }>('RangeRequest'),
      codec<RangeResponse>('RangeResponse'),
      opts,
    );
    return { header: res.header, count: Number(res.count) };
  }

  memberList(opts: CallOptions = {}): Promise<MemberListResponse> {
    return this.withoutArguments<MemberListResponse>('Cluster', 'MemberList', opts);
  }

  /** A method whose request has no fields: `/etcdserverpb.<service>/<method>`, `<method>Request`. */
  private withoutArguments<Res>(service: string, method: string, opts: CallOptions): Promise<Res> {
    return this.unary(
      `/etcdserverpb.${service}/${method}`,
      {},
      codec<object>(`${method}Request`),
      codec<Res>(`${method}Response`),
      opts,
    );
  }

  memberAdd(
    peerURLs: readonly string[],
    isLearner: boolean,
    opts: CallOptions = {},
  ): Promise<MemberAddResponse> {
    return this.unary(
      '/etcdserverpb.Cluster/MemberAdd',
      { peerURLs: [...peerURLs], isLearner },
      codec<{ peerURLs: string[]; isLearner: boolean }>('MemberAddRequest'),
      codec<MemberAddResponse>('MemberAddResponse'),
      opts,
    );
  }

  memberRemove(id: bigint | string, opts: CallOptions = {}): Promise<MemberListResponse> {
    return this.memberById('MemberRemove', id, opts);
  }

  memberPromote(id: bigint | string, opts: CallOptions = {}): Promise<MemberListResponse> {
    return this.memberById('MemberPromote', id, opts);
  }

  private memberById(
    method: 'MemberRemove' | 'MemberPromote',
    id: bigint | string,
    opts: CallOptions,
  ): Promise<MemberListResponse> {
    return this.unary(
      `/etcdserverpb.Cluster/${method}`,
      { ID: String(id) },
      codec<{ ID: string }>(`${method}Request`),
      codec<MemberListResponse>(`${method}Response`),
      opts,
    );
  }

  private alarm(
    req: { action: string; memberID: string; alarm: string },
    opts: CallOptions,
  ): Promise<AlarmResponse> {
    return this.unary(
      '/etcdserverpb.Maintenance/Alarm',
      req,
      codec<typeof req>('AlarmRequest'),
      codec<AlarmResponse>('AlarmResponse'),
      opts,
    );
  }

  alarmList(opts: CallOptions = {}): Promise<AlarmResponse> {
    return this.alarm({ action: 'GET', memberID: '0', alarm: 'NONE' }, opts);
  }

  /** Disarms every alarm (clientv3 AlarmDisarm with an empty AlarmMember: all members, all kinds). */
  async alarmDisarm(opts: CallOptions = {}): Promise<AlarmResponse> {
    const list = await this.alarmList(opts);
    let last: AlarmResponse = { header: list.header, alarms: [] };
    for (const a of list.alarms) {
      last = await this.alarm({ action: 'DEACTIVATE', memberID: a.memberID, alarm: a.alarm }, opts);
    }
    return last;
  }

  status(opts: CallOptions = {}): Promise<StatusResponse> {
    return this.withoutArguments<StatusResponse>('Maintenance', 'Status', opts);
  }

  /** Maintenance.Downgrade (etcd 3.5 and later): the cluster's version as etcd answers it. */
  downgrade(
    action: 'VALIDATE' | 'ENABLE' | 'CANCEL',
    version: string,
    opts: CallOptions = {},
  ): Promise<{ header: ResponseHeader; version: string }> {
    return this.unary(
      '/etcdserverpb.Maintenance/Downgrade',
      { action, version },
      codec<{ action: string; version: string }>('DowngradeRequest'),
      codec<{ header: ResponseHeader; version: string }>('DowngradeResponse'),
      opts,
    );
  }

  defragment(opts: CallOptions = {}): Promise<{ header: ResponseHeader }> {
    return this.withoutArguments('Maintenance', 'Defragment', { timeoutMs: 5 * 60_000, ...opts });
  }

  moveLeader(targetID: bigint | string, opts: CallOptions = {}): Promise<{ header: ResponseHeader }> {
    return this.unary(
      '/etcdserverpb.Maintenance/MoveLeader',
      { targetID: String(targetID) },
      codec<{ targetID: string }>('MoveLeaderRequest'),
      codec<{ header: ResponseHeader }>('MoveLeaderResponse'),
      opts,
    );
  }

  /** The member's backend database as a stream of chunks (ends with etcd's SHA-256 of the data). */
  async *snapshot(opts: { signal?: AbortSignal; endpoint?: string } = {}): AsyncIterable<Buffer> {
    const endpoint = opts.endpoint ?? this.order({})[0];
    if (endpoint === undefined) throw new Error('etcd client: no endpoints');
    const req = codec<object>('SnapshotRequest');
    const res = codec<SnapshotResponse>('SnapshotResponse');
    const call = this.channel(endpoint).makeServerStreamRequest(
      '/etcdserverpb.Maintenance/Snapshot',
      req.serialize,
      res.deserialize,
      {},
      new grpc.Metadata(),
      {},
    );
    const onAbort = (): void => call.cancel();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const msg of call as AsyncIterable<SnapshotResponse>) {
        if (msg.blob.length > 0) yield msg.blob;
      }
    } catch (e: unknown) {
      throw isServiceError(e) ? toEtcdError(e) : e;
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      call.cancel();
    }
  }
}

function metadata(opts: CallOptions): grpc.Metadata {
  const md = new grpc.Metadata();
  if (opts.requireLeader) md.set('hasleader', 'true');
  return md;
}

function isServiceError(e: unknown): e is grpc.ServiceError {
  return e instanceof Error && typeof (e as Partial<grpc.ServiceError>).code === 'number';
}

export function toEtcdError(e: grpc.ServiceError): EtcdError {
  return new EtcdError(e.code, e.details || e.message);
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}
