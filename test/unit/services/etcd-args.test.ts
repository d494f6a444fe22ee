// etcd's command line as Talos builds it, the start-mode decision, and the join helpers' pure parts.
import { describe, expect, it } from 'vitest';
import { bindToAdvertised, etcdArgs, parseEtcdVersion } from '../../../services/etcd-args';
import { decideStartMode } from '../../../services/etcd';
import { initialClusterOf } from '../../../services/etcd-join';
import { etcdPaths } from '../../../services/etcd-paths';
import type { EtcdSpecSpec } from '../../../src/resources/etcd/spec';
import { ExtraArgDeniedError } from '../../../src/config/errors';

const SPEC: EtcdSpecSpec = {
  name: 'cp-1',
  advertisedAddresses: ['10.5.0.2'],
  listenPeerAddresses: ['0.0.0.0'],
  listenClientAddresses: ['0.0.0.0'],
  image: 'registry.k8s.io/etcd:v3.6.12',
  extraArgs: {},
};
const paths = etcdPaths('/');

describe('etcdArgs', () => {
  it('bootstraps a new one-member cluster with Talos fixed arguments, sorted', () => {
    const args = etcdArgs({ spec: SPEC, paths, mode: { kind: 'bootstrap' } });
    expect(args).toEqual([
      '--advertise-client-urls=https://10.5.0.2:2379',
      '--auto-tls=false',
      '--cert-file=/system/secrets/etcd/server.crt',
      '--client-cert-auth=true',
      '--data-dir=/var/lib/etcd',
      '--experimental-compact-hash-check-enabled=true',
      '--experimental-initial-corrupt-check=true',
      '--experimental-watch-progress-notify-interval=5s',
      '--initial-advertise-peer-urls=https://10.5.0.2:2380',
      '--initial-cluster=cp-1=https://10.5.0.2:2380',
      '--initial-cluster-state=new',
      '--key-file=/system/secrets/etcd/server.key',
      '--listen-client-urls=https://0.0.0.0:2379',
      '--listen-peer-urls=https://0.0.0.0:2380',
      '--name=cp-1',
      '--peer-auto-tls=false',
      '--peer-cert-file=/system/secrets/etcd/peer.crt',
      '--peer-client-cert-auth=true',
      '--peer-key-file=/system/secrets/etcd/peer.key',
      '--peer-trusted-ca-file=/system/secrets/etcd/ca.crt',
      '--trusted-ca-file=/system/secrets/etcd/ca.crt',
    ]);
  });

  it('joins with the initial cluster from the member list; an existing data dir sets no cluster state', () => {
    const join = etcdArgs({
      spec: SPEC,
      paths,
      mode: { kind: 'join', initialCluster: 'a=https://10.5.0.1:2380,cp-1=https://10.5.0.2:2380' },
    });
    expect(join).toContain('--initial-cluster-state=existing');
    expect(join).toContain('--initial-cluster=a=https://10.5.0.1:2380,cp-1=https://10.5.0.2:2380');
    const existing = etcdArgs({ spec: SPEC, paths, mode: { kind: 'existing' } });
    expect(existing.some((a) => a.startsWith('--initial-cluster'))).toBe(false);
    expect(existing).toContain('--initial-advertise-peer-urls=https://10.5.0.2:2380');
  });

  it('drops the compaction hash check for etcd 3.4 and skips the peer SAN check on a shared host', () => {
    const args = etcdArgs({
      spec: SPEC,
      paths,
      mode: { kind: 'existing' },
      version: { major: 3, minor: 4 },
      sharedHost: true,
    });
    expect(args).not.toContain('--experimental-compact-hash-check-enabled=true');
    expect(args).toContain('--experimental-peer-skip-client-san-verification=true');
  });

  it('adds extra args, lets them replace the cluster-state ones, and refuses fixed ones', () => {
    const spec = {
      ...SPEC,
      extraArgs: {
        'election-timeout': { values: ['5000'] },
        'initial-cluster-state': { values: ['existing'] },
        'advertise-client-urls': { values: ['https://a:2379', 'https://b:2379'] },
      },
    };
    const args = etcdArgs({ spec, paths, mode: { kind: 'bootstrap' } });
    expect(args).toContain('--election-timeout=5000');
    expect(args).toContain('--initial-cluster-state=existing');
    expect(args).not.toContain('--initial-cluster-state=new');
    expect(args.filter((a) => a.startsWith('--advertise-client-urls='))).toEqual([
      '--advertise-client-urls=https://a:2379',
      '--advertise-client-urls=https://b:2379',
    ]);
    const denied = { ...SPEC, extraArgs: { 'data-dir': { values: ['elsewhere'] } } };
    expect(() => etcdArgs({ spec: denied, paths, mode: { kind: 'bootstrap' } })).toThrow(
      new ExtraArgDeniedError('data-dir'),
    );
    expect(() => etcdArgs({ spec: denied, paths, mode: { kind: 'bootstrap' } })).toThrow(
      'extra arg "data-dir" is not allowed',
    );
  });

  it('brackets IPv6 addresses in URLs', () => {
    const args = etcdArgs({
      spec: { ...SPEC, advertisedAddresses: ['fd00::2'] },
      paths,
      mode: { kind: 'bootstrap' },
    });
    expect(args).toContain('--initial-cluster=cp-1=https://[fd00::2]:2380');
  });
});

describe('bindToAdvertised', () => {
  it('replaces unspecified listen addresses by the advertised ones and keeps specific ones', () => {
    expect(bindToAdvertised({ ...SPEC, advertisedAddresses: ['127.0.0.51'] })).toMatchObject({
      listenPeerAddresses: ['127.0.0.51'],
      listenClientAddresses: ['127.0.0.51'],
    });
    const specific = {
      ...SPEC,
      listenPeerAddresses: ['10.5.0.2'],
      listenClientAddresses: ['127.0.0.1', '10.5.0.2'],
    };
    expect(bindToAdvertised(specific)).toMatchObject({
      listenPeerAddresses: ['10.5.0.2'],
      listenClientAddresses: ['127.0.0.1', '10.5.0.2'],
    });
  });
});

describe('start mode', () => {
  const base = { dataDirEmpty: true, bootstrap: false, machineType: 'controlplane' as const, extraArgs: {} };
  it('follows Talos: data → existing, bootstrap requested or init node → new cluster, else join', () => {
    expect(decideStartMode(base)).toBe('join');
    expect(decideStartMode({ ...base, bootstrap: true })).toBe('bootstrap');
    expect(decideStartMode({ ...base, machineType: 'init' })).toBe('bootstrap');
    expect(decideStartMode({ ...base, bootstrap: true, dataDirEmpty: false })).toBe('existing');
  });

  it('names the joining member in the initial cluster, every peer URL of every member', () => {
    const members = [
      { ID: '1', name: 'a', peerURLs: ['https://10.0.0.1:2380'], clientURLs: [], isLearner: false },
      {
        ID: '2',
        name: '',
        peerURLs: ['https://10.0.0.2:2380', 'https://[fd::2]:2380'],
        clientURLs: [],
        isLearner: true,
      },
    ];
    expect(initialClusterOf(members, '2', 'b')).toBe(
      'a=https://10.0.0.1:2380,b=https://10.0.0.2:2380,b=https://[fd::2]:2380',
    );
  });

  it('reads the version of the etcd binary', () => {
    expect(parseEtcdVersion('etcd Version: 3.4.23\nGit SHA: x\n')).toEqual({ major: 3, minor: 4 });
    expect(parseEtcdVersion('nonsense')).toBeUndefined();
  });
});
