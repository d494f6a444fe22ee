// Cluster membership without discovery: this node's own Affiliate, the other control planes from etcd,
// Members from the Affiliates, and the control-plane Endpoints (discovered and from the config).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EndpointController } from '../../../../controllers/cluster/endpoint';
import { EtcdAffiliateController, etcdAffiliates } from '../../../../controllers/cluster/etcd-affiliate';
import { LocalAffiliateController } from '../../../../controllers/cluster/local-affiliate';
import { MemberController } from '../../../../controllers/cluster/member';
import { StaticEndpointController } from '../../../../controllers/k8s/static-endpoint';
import { parseMachineConfig } from '../../../../src/config';
import type { EtcdMemberInfo } from '../../../../src/etcd/client';
import { apiSchema } from '../../../../src/grpc/api-schema';
import { AffiliateDefinition, type AffiliateSpec } from '../../../../src/resources/cluster/affiliate';
import { MemberDefinition, type MemberSpec } from '../../../../src/resources/cluster/member';
import { MachineConfigDefinition } from '../../../../src/resources/config/machine-config';
import { MachineTypeDefinition, type MachineTypeName } from '../../../../src/resources/config/machine-type';
import { EtcdMemberDefinition } from '../../../../src/resources/etcd/member';
import { EndpointDefinition, type EndpointSpec } from '../../../../src/resources/k8s/endpoint';
import { NodenameDefinition } from '../../../../src/resources/k8s/nodename';
import { HostnameStatusDefinition } from '../../../../src/resources/network/hostname-status';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

const CONFIG_TEXT = readFileSync(
  new URL('../../../fixtures/config/controlplane.yaml', import.meta.url),
  'utf8',
);
const NODE_ID = 'n0deIdn0deIdn0deIdn0deIdn0deIdn0deIdn0deId0';
const TYPE = { namespace: 'config', type: MachineTypeDefinition.type, id: 'machine-type' };
const HOSTNAME = { namespace: 'network', type: HostnameStatusDefinition.type, id: 'hostname' };
const NODENAME = { namespace: 'k8s', type: NodenameDefinition.type, id: 'nodename' };
const LOCAL_MEMBER = { namespace: 'etcd', type: EtcdMemberDefinition.type, id: 'local' };
const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: 'v1alpha1' };

const member = (id: string, name: string, ip: string): EtcdMemberInfo => ({
  ID: BigInt(`0x${id}`).toString(),
  name,
  peerURLs: [`https://${ip}:2380`],
  clientURLs: [`https://${ip}:2379`, 'https://127.0.0.1:2379'],
  isLearner: false,
});

describe('cluster membership', () => {
  let h: Harness;
  afterEach(() => h?.shutdown());

  const list = async <S>(type: string, namespace: string) =>
    (await h.state.list<S>({ namespace, type })).map((r) => [r.metadata.id, r.spec] as const);

  it('has this node and the other etcd members as affiliates and members, and their endpoints', async () => {
    let members = [member('aa', 'cp-1', '10.5.0.2'), member('bb', 'cp-2', '10.5.0.3')];
    h = harness();
    for (const c of [
      new LocalAffiliateController({
        nodeId: NODE_ID,
        addresses: ['10.5.0.2', '0.0.0.0'],
        version: 'v1.13.9',
      }),
      new EtcdAffiliateController({ listMembers: () => Promise.resolve(members) }),
      new MemberController(),
      new EndpointController(),
      new StaticEndpointController({ resolve: () => Promise.resolve(['10.5.0.9']) }),
    ])
      h.runtime.register(c);
    h.start();
    await h.state.modify<MachineTypeName>(TYPE, () => 'controlplane');
    await h.state.modify(HOSTNAME, () => ({ hostname: 'cp-1', domainname: 'example.org' }));
    await h.state.modify(NODENAME, () => ({
      nodename: 'cp-1',
      hostnameVersion: '1',
      skipNodeRegistration: false,
    }));
    await h.state.modify(LOCAL_MEMBER, () => ({ memberID: '00000000000000aa' }));
    await h.state.modify(CONFIG, () => ({ config: parseMachineConfig(CONFIG_TEXT) }));

    const got = await waitFor(async () => {
      const m = await list<MemberSpec>(MemberDefinition.type, 'cluster');
      return m.length === 2 ? m : undefined;
    }, 'two members');
    expect(Object.fromEntries(got)).toEqual({
      'cp-1': {
        nodeId: NODE_ID,
        addresses: ['10.5.0.2'],
        hostname: 'cp-1.example.org',
        machineType: 'controlplane',
        operatingSystem: 'Talos (v1.13.9)',
      },
      'cp-2': {
        nodeId: '',
        addresses: ['10.5.0.3', '127.0.0.1'],
        hostname: 'cp-2',
        machineType: 'controlplane',
        operatingSystem: '',
      },
    });
    const affiliates = await list<AffiliateSpec>(AffiliateDefinition.type, 'cluster');
    expect(affiliates.map(([id]) => id).sort()).toEqual(['etcd-00000000000000bb', NODE_ID]);

    const endpoints = await waitFor(async () => {
      const e = Object.fromEntries(await list<EndpointSpec>(EndpointDefinition.type, 'controlplane'));
      return e['discovery']?.addresses.length === 3 && e['controlplane'] ? e : undefined;
    }, 'endpoints');
    expect(endpoints['discovery']).toEqual({ addresses: ['10.5.0.2', '10.5.0.3', '127.0.0.1'], hosts: [] });
    // the fixture's endpoint is an address: no host name to keep
    expect(endpoints['controlplane']!.hosts).toEqual([]);

    // a member that leaves etcd leaves the members (at the next look at etcd)
    members = members.slice(0, 1);
    await h.state.modify(LOCAL_MEMBER, () => ({ memberID: '00000000000000aa', again: true }) as never);
    await waitFor(async () => (await list(MemberDefinition.type, 'cluster')).length === 1, 'one member');
  });

  it('keeps a resolved host name in Endpoints hosts', async () => {
    h = harness();
    h.runtime.register(
      new StaticEndpointController({ resolve: () => Promise.resolve(['10.5.0.9', '10.5.0.8']) }),
    );
    h.start();
    await h.state.modify(CONFIG, () => ({
      config: parseMachineConfig(
        CONFIG_TEXT.replace(/endpoint: https:\/\/[^\s]+/, 'endpoint: https://kube.example.org:6443'),
      ),
    }));
    const e = await waitFor(
      async () => (await list<EndpointSpec>(EndpointDefinition.type, 'controlplane'))[0],
    );
    expect(e).toEqual(['controlplane', { addresses: ['10.5.0.8', '10.5.0.9'], hosts: ['kube.example.org'] }]);
  });

  it('names etcd members without a name by their id, and skips this member', () => {
    const out = etcdAffiliates(
      [member('aa', '', '10.5.0.2'), member('cc', 'cp-3', 'fd00::3')],
      '00000000000000cc',
    );
    expect([...out.entries()]).toEqual([
      [
        'etcd-00000000000000aa',
        expect.objectContaining({ hostname: '00000000000000aa', nodename: '00000000000000aa' }),
      ],
    ]);
  });

  it('encodes to Talos protobuf specs', () => {
    const spec: AffiliateSpec = {
      nodeId: NODE_ID,
      addresses: ['10.5.0.2', 'fd00::2'],
      hostname: 'cp-1',
      nodename: 'cp-1',
      operatingSystem: 'Talos (v1.13.9)',
      machineType: 'controlplane',
      controlPlane: { apiServerPort: 6443 },
    };
    const codec = apiSchema().codec(AffiliateDefinition.protoSpec!);
    const decoded = codec.decode(codec.encode(AffiliateDefinition.toProto!(spec))) as Record<string, unknown>;
    expect(decoded['machine_type']).toBe('TYPE_CONTROL_PLANE');
    expect((decoded['addresses'] as { ip: Buffer }[]).map((a) => a.ip.length)).toEqual([4, 16]);
    expect(decoded['control_plane']).toEqual({ api_server_port: '6443' });
    const m = apiSchema().codec(MemberDefinition.protoSpec!);
    expect(
      (m.decode(m.encode(MemberDefinition.toProto!({ ...spec }))) as { hostname: string }).hostname,
    ).toBe('cp-1');
    const e = apiSchema().codec(EndpointDefinition.protoSpec!);
    expect(
      e.decode(e.encode(EndpointDefinition.toProto!({ addresses: ['10.5.0.2'], hosts: ['h'] }))),
    ).toEqual({
      addresses: [{ ip: Buffer.from([10, 5, 0, 2]) }],
      hosts: ['h'],
    });
  });
});
