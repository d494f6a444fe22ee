// The VIP operator's safety rules against a fake etcd and kernel: it adds the address only after it
// created the key; when its keep-alives stop getting through it takes the address off before the lease
// could end in etcd; on a graceful stop it takes the address off first, then revokes the lease.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { EtcdLeaseClient, KeyValue } from '../../../src/etcd/lease-client';
import type { NetworkKernel } from '../../../src/network/kernel/kernel';
import { VIP_SAFETY_MARGIN_MS, VipOperator } from '../../../src/network/vip/vip-operator';

class FakeEtcd {
  readonly log: string[] = [];
  key: KeyValue | undefined;
  keepAliveWorks = true;
  /** When etcd would end the lease (ms), from the last keep-alive it answered. */
  leaseEnds = 0;
  private leases = 0;

  getKey = async (): Promise<KeyValue | undefined> => this.key;
  leaseGrant = async (): Promise<{ id: string; ttl: number }> => {
    this.leaseEnds = Date.now() + 1000;
    return { id: String(++this.leases), ttl: 1 };
  };
  createIfAbsent = async (key: string, value: string, lease: string): Promise<boolean> => {
    if (this.key) return false;
    this.log.push('key created');
    this.key = { key: Buffer.from(key), value: Buffer.from(value), lease, mod_revision: '1' };
    return true;
  };
  leaseKeepAliveOnce = async (): Promise<number> => {
    if (!this.keepAliveWorks) throw new Error('etcd unreachable');
    this.leaseEnds = Date.now() + 1000;
    return 1;
  };
  leaseRevoke = async (): Promise<void> => {
    this.log.push('lease revoked');
    this.key = undefined;
  };
  close(): void {}
}

function fakeKernel(log: string[], etcd: FakeEtcd): NetworkKernel & { has: boolean; removedAt: number } {
  const k = {
    mutable: true,
    has: false,
    removedAt: 0,
    links: async () => [],
    addresses: async () => [],
    routes: async () => [],
    rules: async () => [],
    watch: () => undefined,
    wg: async () => '',
    announce: async () => {
      log.push('announced');
    },
    ip: async (args: readonly string[]) => {
      if (args[1] === 'replace') {
        expect(etcd.key?.value.toString()).toBe('node-a'); // never before the key is ours
        k.has = true;
        log.push('address added');
      } else if (args[1] === 'del' && k.has) {
        k.has = false;
        k.removedAt = Date.now();
        log.push('address removed');
      }
      return '';
    },
  };
  return k;
}

const until = async (cond: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('VipOperator', () => {
  const logger = pino({ level: 'silent' });

  it('takes the address after the key, and lets it go before the lease could end when etcd is lost', async () => {
    const etcd = new FakeEtcd();
    const kernel = fakeKernel(etcd.log, etcd);
    const op = new VipOperator({
      ip: '10.5.0.100',
      link: 'eth0',
      node: 'node-a',
      kernel,
      etcd: etcd as unknown as EtcdLeaseClient,
      logger,
    });
    const stop = new AbortController();
    const running = op.run(stop.signal);
    await until(() => kernel.has);
    expect(etcd.log).toEqual(['key created', 'address added', 'announced']);
    etcd.keepAliveWorks = false;
    const lastEnd = etcd.leaseEnds;
    await until(() => !kernel.has);
    expect(kernel.removedAt).toBeLessThanOrEqual(lastEnd - VIP_SAFETY_MARGIN_MS + 150);
    expect(kernel.removedAt).toBeLessThan(lastEnd);
    stop.abort();
    await running;
  });

  it('a graceful stop takes the address off, then revokes the lease', async () => {
    const etcd = new FakeEtcd();
    const kernel = fakeKernel(etcd.log, etcd);
    const op = new VipOperator({
      ip: '10.5.0.100',
      link: 'eth0',
      node: 'node-a',
      kernel,
      etcd: etcd as unknown as EtcdLeaseClient,
      logger,
    });
    const stop = new AbortController();
    const running = op.run(stop.signal);
    await until(() => kernel.has);
    stop.abort();
    await running;
    expect(etcd.log.slice(-2)).toEqual(['address removed', 'lease revoked']);
  });

  it('lets go when the key names another node, and does not take a key another holds', async () => {
    const etcd = new FakeEtcd();
    const kernel = fakeKernel(etcd.log, etcd);
    const op = new VipOperator({
      ip: '10.5.0.100',
      link: 'eth0',
      node: 'node-a',
      kernel,
      etcd: etcd as unknown as EtcdLeaseClient,
      logger,
    });
    const stop = new AbortController();
    const running = op.run(stop.signal);
    await until(() => kernel.has);
    etcd.key = { key: Buffer.from(op.key), value: Buffer.from('node-b'), lease: '99', mod_revision: '2' };
    await until(() => !kernel.has);
    await new Promise((r) => setTimeout(r, 300));
    expect(kernel.has).toBe(false);
    stop.abort();
    await running;
  });
});
