// etcd's KV and Lease calls an election needs: grant, keep alive and revoke a lease, create a key bound
// to a lease only when it does not exist (a transaction), read a key, delete a key only while it holds
// a given value.
import * as grpc from '@grpc/grpc-js';
import { EtcdClient, toEtcdError, type CallOptions, type ResponseHeader } from './client';
import { EtcdError } from './errors';
import { codec } from './rpc-proto';

export interface KeyValue {
  key: Buffer;
  value: Buffer;
  lease: string;
  mod_revision: string;
}

type Op = Record<string, unknown>;

export class EtcdLeaseClient extends EtcdClient {
  /** A lease of `ttlSeconds` (etcd raises it to its minimum); its id and granted TTL. */
  async leaseGrant(ttlSeconds: number, opts: CallOptions = {}): Promise<{ id: string; ttl: number }> {
    const res = await this.unary(
      '/etcdserverpb.Lease/LeaseGrant',
      { TTL: String(ttlSeconds), ID: '0' },
      codec<Op>('LeaseGrantRequest'),
      codec<{ ID: string; TTL: string; error: string }>('LeaseGrantResponse'),
      opts,
    );
    if (res.error) throw new EtcdError(grpc.status.UNKNOWN, res.error);
    return { id: res.ID, ttl: Number(res.TTL) };
  }

  async leaseRevoke(id: string, opts: CallOptions = {}): Promise<void> {
    await this.unary(
      '/etcdserverpb.Lease/LeaseRevoke',
      { ID: id },
      codec<Op>('LeaseRevokeRequest'),
      codec<{ header: ResponseHeader }>('LeaseRevokeResponse'),
      opts,
    );
  }

  /** One keep-alive round on its own stream; the TTL left (0 or less: the lease is gone). */
  leaseKeepAliveOnce(id: string, opts: CallOptions = {}): Promise<number> {
    const endpoint = opts.endpoint ?? this.endpoints[0];
    if (endpoint === undefined) return Promise.reject(new Error('etcd client: no endpoints'));
    const req = codec<Op>('LeaseKeepAliveRequest');
    const res = codec<{ TTL: string }>('LeaseKeepAliveResponse');
    return new Promise<number>((resolve, reject) => {
      const call = this.channel(endpoint).makeBidiStreamRequest(
        '/etcdserverpb.Lease/LeaseKeepAlive',
        req.serialize,
        res.deserialize,
        new grpc.Metadata(),
        { deadline: Date.now() + (opts.timeoutMs ?? 5_000) },
      );
      const done = (f: () => void): void => {
        opts.signal?.removeEventListener('abort', onAbort);
        call.cancel();
        f();
      };
      const onAbort = (): void => done(() => reject(new Error('aborted')));
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      call.on('data', (m: { TTL: string }) => done(() => resolve(Number(m.TTL))));
      call.on('error', (e: grpc.ServiceError) => done(() => reject(toEtcdError(e))));
      call.on('end', () =>
        done(() => reject(new EtcdError(grpc.status.UNAVAILABLE, 'keep-alive stream ended'))),
      );
      call.write({ ID: id });
    });
  }

  /** Creates `key` = `value` bound to `lease` when the key does not exist; whether it did. */
  async createIfAbsent(key: string, value: string, lease: string, opts: CallOptions = {}): Promise<boolean> {
    const res = await this.unary(
      '/etcdserverpb.KV/Txn',
      {
        compare: [{ result: 'EQUAL', target: 'CREATE', key: Buffer.from(key), create_revision: '0' }],
        success: [{ request_put: { key: Buffer.from(key), value: Buffer.from(value), lease } }],
        failure: [],
      },
      codec<Op>('TxnRequest'),
      codec<{ succeeded: boolean }>('TxnResponse'),
      opts,
    );
    return res.succeeded;
  }

  /** Deletes `key` only while it holds `value`; whether it did. */
  async deleteIfValue(key: string, value: string, opts: CallOptions = {}): Promise<boolean> {
    const res = await this.unary(
      '/etcdserverpb.KV/Txn',
      {
        compare: [{ result: 'EQUAL', target: 'VALUE', key: Buffer.from(key), value: Buffer.from(value) }],
        success: [{ request_delete_range: { key: Buffer.from(key) } }],
        failure: [],
      },
      codec<Op>('TxnRequest'),
      codec<{ succeeded: boolean }>('TxnResponse'),
      opts,
    );
    return res.succeeded;
  }

  /** The key's value and lease (a linearizable read), or undefined when it does not exist. */
  async getKey(key: string, opts: CallOptions = {}): Promise<KeyValue | undefined> {
    const res = await this.unary(
      '/etcdserverpb.KV/Range',
      { key: Buffer.from(key) },
      codec<Op>('RangeRequest'),
      codec<{ kvs: KeyValue[] }>('RangeResponse'),
      opts,
    );
    return res.kvs[0];
  }

  /** Every key under `prefix` (create revisions as strings), a linearizable read. */
  async rangePrefix(
    prefix: string,
    opts: CallOptions = {},
  ): Promise<(KeyValue & { create_revision: string })[]> {
    const key = Buffer.from(prefix);
    const end = Buffer.from(key);
    end[end.length - 1] = end[end.length - 1]! + 1;
    const res = await this.unary(
      '/etcdserverpb.KV/Range',
      { key, range_end: end },
      codec<Op>('RangeRequest'),
      codec<{ kvs: (KeyValue & { create_revision: string })[] }>('RangeResponse'),
      opts,
    );
    return res.kvs;
  }
}
