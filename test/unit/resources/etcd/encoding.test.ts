// The etcd resources encode to Talos's protobuf specs (round trip through the API schema), and the
// spec's address selection follows Talos's SpecController.
import { describe, expect, it } from 'vitest';
import { etcdSpec } from '../../../../controllers/etcd/spec';
import { apiSchema } from '../../../../src/grpc/api-schema';
import type { ResourceDefinition } from '../../../../src/resources/definition';
import { EtcdConfigDefinition, type EtcdConfigSpec } from '../../../../src/resources/etcd/config';
import { EtcdSpecDefinition } from '../../../../src/resources/etcd/spec';
import { EtcdRootDefinition } from '../../../../src/resources/secrets/etcd-root';
import { EtcdSecretsDefinition } from '../../../../src/resources/secrets/etcd-secrets';

function roundTrip<S>(def: ResourceDefinition<S>, spec: S): unknown {
  const codec = apiSchema().codec(def.protoSpec ?? '');
  const proto = def.toProto ? def.toProto(spec) : (spec as Record<string, unknown>);
  return codec.decode(codec.encode(proto));
}

const pair = (n: string) => ({ crt: `crt-${n}`, key: `key-${n}` });
const bytes = (n: string) => ({ crt: Buffer.from(`crt-${n}`), key: Buffer.from(`key-${n}`) });
const CONFIG: EtcdConfigSpec = {
  advertiseValidSubnets: ['10.0.0.0/8'],
  advertiseExcludeSubnets: ['10.0.0.100'],
  listenValidSubnets: ['10.0.0.0/8'],
  listenExcludeSubnets: [],
  image: 'registry.k8s.io/etcd:v3.6.12',
  extraArgs: { 'election-timeout': { values: ['5000'] } },
};

describe('etcd resource encoding', () => {
  it('EtcdRootSecrets and EtcdSecrets carry PEM pairs as bytes; YAML as base64', () => {
    expect(roundTrip(EtcdRootDefinition, { etcdCA: pair('ca') })).toEqual({ etcd_ca: bytes('ca') });
    const certs = { etcd: pair('s'), etcdPeer: pair('p'), etcdAdmin: pair('a'), etcdAPIServer: pair('k') };
    expect(roundTrip(EtcdSecretsDefinition, certs)).toEqual({
      etcd: bytes('s'),
      etcd_peer: bytes('p'),
      etcd_admin: bytes('a'),
      etcd_api_server: bytes('k'),
    });
    expect(EtcdRootDefinition.toYAML?.({ etcdCA: pair('ca') })).toEqual({
      etcdCA: {
        crt: Buffer.from('crt-ca').toString('base64'),
        key: Buffer.from('key-ca').toString('base64'),
      },
    });
  });

  it('EtcdConfig carries subnets, image and extra arguments', () => {
    expect(roundTrip(EtcdConfigDefinition, CONFIG)).toEqual({
      advertise_valid_subnets: ['10.0.0.0/8'],
      advertise_exclude_subnets: ['10.0.0.100'],
      listen_valid_subnets: ['10.0.0.0/8'],
      listen_exclude_subnets: [],
      image: CONFIG.image,
      extra_args: { 'election-timeout': { values: ['5000'] } },
    });
  });

  it('EtcdSpec carries addresses as NetIP bytes', () => {
    const spec = {
      name: 'node-1',
      advertisedAddresses: ['10.0.0.2', 'fd00::2'],
      listenPeerAddresses: ['0.0.0.0'],
      listenClientAddresses: ['127.0.0.1'],
      image: 'etcd',
      extraArgs: {},
    };
    const ip = (s: number[]) => ({ ip: Buffer.from(s) });
    expect(roundTrip(EtcdSpecDefinition, spec)).toEqual({
      name: 'node-1',
      advertised_addresses: [ip([10, 0, 0, 2]), ip([0xfd, 0, ...new Array<number>(13).fill(0), 2])],
      listen_peer_addresses: [ip([0, 0, 0, 0])],
      listen_client_addresses: [ip([127, 0, 0, 1])],
      image: 'etcd',
      extra_args: {},
    });
  });

  it('declares what Talos declares', () => {
    expect(EtcdRootDefinition).toMatchObject({ type: 'EtcdRootSecrets.secrets.talos.dev', sensitive: true });
    expect(EtcdSecretsDefinition).toMatchObject({ type: 'EtcdSecrets.secrets.talos.dev', sensitive: true });
    expect(EtcdConfigDefinition).toMatchObject({
      type: 'EtcdConfigs.etcd.talos.dev',
      defaultNamespace: 'etcd',
    });
    expect(EtcdSpecDefinition).toMatchObject({ type: 'EtcdSpecs.etcd.talos.dev', defaultNamespace: 'etcd' });
  });
});

describe('etcd spec addresses', () => {
  const addrs = ['192.168.1.5', '10.0.0.100', '10.0.0.2', 'fd00::2'];
  const open: EtcdConfigSpec = { ...CONFIG, advertiseValidSubnets: [], listenValidSubnets: [] };

  it('advertises the first address and listens everywhere without subnets', () => {
    expect(etcdSpec(open, 'n', addrs)).toMatchObject({
      advertisedAddresses: ['192.168.1.5'],
      listenPeerAddresses: ['0.0.0.0'],
      listenClientAddresses: ['0.0.0.0'],
    });
  });

  it('advertises and listens on the addresses in the subnets, never on a VIP', () => {
    expect(etcdSpec(CONFIG, 'n', addrs)).toMatchObject({
      advertisedAddresses: ['10.0.0.2'],
      listenPeerAddresses: ['10.0.0.100', '10.0.0.2'],
      listenClientAddresses: ['127.0.0.1', '10.0.0.100', '10.0.0.2'],
    });
  });

  it('gives no spec without a matching address', () => {
    expect(etcdSpec(open, 'n', [])).toBeUndefined();
    expect(etcdSpec({ ...CONFIG, advertiseValidSubnets: ['172.16.0.0/12'] }, 'n', addrs)).toBeUndefined();
  });
});
