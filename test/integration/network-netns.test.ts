// The network as controllers, in network namespaces this test makes: an agent in a namespace of its own
// (joined to a bridge by a veth) applies addresses, routes, an MTU, a bridge and a no-reboot change to the
// kernel, shows the kernel's state in its status resources, and refuses bad network input without
// changing anything. VLAN, bond and WireGuard links need kernel drivers: where this host's kernel has
// them the links are checked in the kernel; where it has not, up to the kernel's refusal (and in the
// QEMU guest, whose kernel has them: test/qemu/network-static.test.ts).
import { status } from '@grpc/grpc-js';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { TestClient, grpcCode } from '../harness/client';
import { applyAndConnect, generateConfig } from '../harness/configured';
import { eventually } from '../harness/eventually';
import { createLan, ipJSONIn, kernelCanCreate, type Lan, type LanNode } from '../harness/netns-lan';
import { withNetwork } from '../harness/network-config';

interface IpAddr {
  ifname: string;
  mtu: number;
  addr_info: Array<{ local: string; prefixlen: number }>;
}
interface IpRoute {
  dst: string;
  gateway?: string;
  dev: string;
  metric?: number;
  protocol?: string;
}
/** A WireGuard key pair, base64 as `wg genkey`/`wg pubkey` print them. */
function wireguardKeys(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const raw = (k: typeof privateKey, format: 'pkcs8' | 'spki'): string =>
    (k.export({ format: 'der', type: format }) as Buffer).subarray(-32).toString('base64');
  return { privateKey: raw(privateKey, 'pkcs8'), publicKey: raw(publicKey, 'spki') };
}

type Listed = { resource: { metadata: { id: string }; spec: { yaml_spec: string } } };

const addressesIn = (ns: string): string[] =>
  ipJSONIn<IpAddr>(ns, 'address', 'show').flatMap((l) =>
    l.addr_info.map((a) => `${l.ifname}/${a.local}/${a.prefixlen}`),
  );

/** Links, addresses and routes as the kernel has them (for "nothing changed"). */
const kernelState = (ns: string): string =>
  JSON.stringify([
    ipJSONIn(ns, 'link', 'show').map((l) => [l['ifname'], l['mtu'], l['flags']]),
    addressesIn(ns),
    ipJSONIn(ns, 'route', 'show', 'table', 'all'),
  ]);

async function list(
  c: TestClient,
  type: string,
  namespace = 'network',
): Promise<Map<string, Record<string, unknown>>> {
  const items = await c.serverStream<Listed>('/cosi.resource.State/List', { namespace, type });
  return new Map(
    items.map((r) => [r.resource.metadata.id, parse(r.resource.spec.yaml_spec) as Record<string, unknown>]),
  );
}

describe('network controllers in a namespace of their own', () => {
  let lan: Lan;
  let node: LanNode;
  let agent: Agent;
  let stateDir: string;
  let base: Buffer;
  let admin: TestClient;
  let net: Record<string, unknown>;
  let docs: object[];

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('network namespaces need root');
    execFileSync('ip', ['-V']); // iproute2 (Debian's iproute2)
    lan = createLan();
    node = lan.addNode(true, 2);
    stateDir = await makeStateDir();
    const gen = generateConfig(join(stateDir, 'gen'), 'netns', node.address);
    base = gen.controlPlane;
    agent = startAgent(node.address, stateDir, { netns: node.ns });
    await agent.waitReady();
    const p = lan.prefix;
    net = {
      nameservers: [`${p}.1`],
      interfaces: [
        {
          interface: 'eth0',
          mtu: 1400,
          addresses: [`${node.address}/24`, `${p}.21/24`, `fd13:${p.split('.')[2]}::21/64`],
          routes: [
            { network: '10.99.0.0/16', gateway: `${p}.1` },
            { network: '0.0.0.0/0', gateway: `${p}.1`, metric: 2048 },
          ],
        },
      ],
    };
    docs = [
      {
        apiVersion: 'v1alpha1',
        kind: 'BridgeConfig',
        name: 'br1',
        stp: { enabled: false },
        links: ['eth1'],
        addresses: [{ address: '172.31.77.1/24' }],
      },
    ];
    admin = await applyAndConnect(node.address, withNetwork(base, net, docs), gen.adminTLS).catch(
      (e: unknown) => {
        throw new Error(`${String(e)}\n${agent.output()}`);
      },
    );
  }, 120_000);

  afterAll(async () => {
    // For a look at a failed run: the agent's log, where TALOS_TS_AGENT_LOG says.
    const logPath = process.env['TALOS_TS_AGENT_LOG'];
    if (logPath && agent) writeFileSync(logPath, agent.output());
    admin?.close();
    await agent?.stop();
    lan?.remove();
    if (stateDir) await removeDir(stateDir);
  });

  it('puts the configured addresses, routes, MTU and bridge in the kernel', async () => {
    const ns = node.ns;
    const p = lan.prefix;
    await eventually(async () => {
      const addrs = addressesIn(ns);
      expect(addrs).toEqual(
        expect.arrayContaining([
          `eth0/${p}.21/24`,
          `eth0/fd13:${p.split('.')[2]}::21/64`,
          'br1/172.31.77.1/24',
        ]),
      );
      const eth0 = ipJSONIn<IpAddr>(ns, 'link', 'show', 'eth0')[0];
      expect(eth0?.mtu).toBe(1400);
      const br1 = ipJSONIn<{ linkinfo: { info_kind: string; info_data: { stp_state: number } } }>(
        ns,
        '-details',
        'link',
        'show',
        'br1',
      )[0];
      expect(br1?.linkinfo.info_kind).toBe('bridge');
      expect(br1?.linkinfo.info_data.stp_state).toBe(0);
      const routes = ipJSONIn<IpRoute>(ns, 'route', 'show');
      expect(routes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            dst: '10.99.0.0/16',
            gateway: `${p}.1`,
            dev: 'eth0',
            metric: 1024,
            protocol: 'static',
          }),
          expect.objectContaining({
            dst: 'default',
            gateway: `${p}.1`,
            dev: 'eth0',
            metric: 2048,
            protocol: 'static',
          }),
        ]),
      );
    }, 200);
  });

  it('shows the kernel in LinkStatuses, AddressStatuses, RouteStatuses, ResolverStatuses, NodeAddresses and NetworkStatuses', async () => {
    const p = lan.prefix;
    const kernelMAC = ipJSONIn<{ address: string }>(node.ns, 'link', 'show', 'eth0')[0]?.address;
    await eventually(async () => {
      const links = await list(admin, 'LinkStatuses.net.talos.dev');
      expect(links.get('eth0')).toMatchObject({
        hardwareAddr: kernelMAC,
        mtu: 1400,
        type: 'ether',
        kind: 'veth',
        operationalState: 'up',
      });
      expect(links.get('br1')).toMatchObject({ kind: 'bridge', type: 'ether' });
      expect(links.get('lo')).toMatchObject({ type: 'loopback' });
      const addresses = await list(admin, 'AddressStatuses.net.talos.dev');
      // The subnet's second address is the kernel's secondary one: its flag bit is the one Talos prints as `temporary`.
      expect(addresses.get(`eth0/${p}.21/24`)).toMatchObject({
        linkName: 'eth0',
        family: 'inet4',
        scope: 'global',
        flags: 'temporary,permanent',
      });
      const routes = await list(admin, 'RouteStatuses.net.talos.dev');
      expect(routes.get(`inet4/${p}.1/10.99.0.0/16/1024`)).toMatchObject({
        outLinkName: 'eth0',
        protocol: 'static',
        table: 'main',
      });
      const resolvers = await list(admin, 'ResolverStatuses.net.talos.dev');
      expect(resolvers.get('resolvers')).toMatchObject({ dnsServers: [`${p}.1`] });
      const nodeAddresses = await list(admin, 'NodeAddresses.net.talos.dev');
      expect(nodeAddresses.get('current')?.['addresses']).toEqual(
        expect.arrayContaining([`${node.address}/24`, `${p}.21/24`]),
      );
      const statuses = await list(admin, 'NetworkStatuses.net.talos.dev');
      expect(statuses.get('status')).toEqual({
        addressReady: true,
        connectivityReady: true,
        hostnameReady: true,
        etcFilesReady: true,
      });
    }, 200);
    expect(readFileSync(join(stateDir, 'etc', 'resolv.conf'), 'utf8')).toBe(`nameserver ${p}.1\n`);
  });

  it('takes an address out of the kernel when a no-reboot apply removes it', async () => {
    const p = lan.prefix;
    const iface = (net['interfaces'] as Array<Record<string, unknown>>)[0]!;
    const without = {
      ...net,
      interfaces: [{ ...iface, addresses: [`${node.address}/24`, `fd13:${p.split('.')[2]}::21/64`] }],
    };
    await admin.unary('/machine.MachineService/ApplyConfiguration', {
      data: withNetwork(base, without, docs),
      mode: 'NO_REBOOT',
    });
    await eventually(async () => {
      expect(addressesIn(node.ns)).not.toContain(`eth0/${p}.21/24`);
      expect((await list(admin, 'AddressStatuses.net.talos.dev')).has(`eth0/${p}.21/24`)).toBe(false);
    }, 200);
    expect(addressesIn(node.ns)).toContain(`eth0/${node.address}/24`);
    net = without;
  });

  it('refuses overlapping addresses, a bond naming a missing link and an invalid CIDR with InvalidArgument, changing nothing', async () => {
    // An IPv6 address gets its local route only when duplicate address detection ends: wait for that.
    await eventually(async () => {
      const tentative = ipJSONIn<IpAddr & { flags: string[] }>(node.ns, 'address', 'show', 'tentative')
        .filter((l) => l.flags.includes('LOWER_UP'))
        .flatMap((l) => l.addr_info);
      expect(tentative).toEqual([]);
    }, 200);
    const before = kernelState(node.ns);
    const iface = (net['interfaces'] as Array<Record<string, unknown>>)[0]!;
    const bad: Array<[string, Buffer]> = [
      [
        'overlapping',
        withNetwork(
          base,
          { ...net, interfaces: [iface, { interface: 'br1', addresses: [`${lan.prefix}.99/24`] }] },
          docs,
        ),
      ],
      [
        'missing bond member',
        withNetwork(
          base,
          {
            ...net,
            interfaces: [
              iface,
              { interface: 'bond0', bond: { mode: 'active-backup', interfaces: ['eth9'] } },
            ],
          },
          docs,
        ),
      ],
      [
        'invalid CIDR',
        withNetwork(base, { ...net, interfaces: [{ ...iface, addresses: ['10.0.0.300/24'] }] }, docs),
      ],
    ];
    for (const [what, data] of bad) {
      const err = await admin
        .unary('/machine.MachineService/ApplyConfiguration', { data, mode: 'NO_REBOOT' })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(grpcCode(err), what).toBe(status.INVALID_ARGUMENT);
    }
    await new Promise((r) => setTimeout(r, 1000));
    expect(kernelState(node.ns)).toBe(before);
  });

  const kinds = {
    vlan: kernelCanCreate('vlan'),
    bond: kernelCanCreate('bond'),
    wireguard: kernelCanCreate('wireguard'),
  };
  const missing = Object.entries(kinds)
    .filter(([, ok]) => !ok)
    .map(([k]) => k);
  const linkDocs = [
    {
      apiVersion: 'v1alpha1',
      kind: 'VLANConfig',
      name: 'eth0.30',
      vlanID: 30,
      parent: 'eth0',
      addresses: [{ address: '172.30.30.1/24' }],
    },
    {
      apiVersion: 'v1alpha1',
      kind: 'BondConfig',
      name: 'bond7',
      bondMode: 'active-backup',
      miimon: 100,
      links: ['eth2'],
      addresses: [{ address: '172.30.31.1/24' }],
    },
    {
      apiVersion: 'v1alpha1',
      kind: 'WireguardConfig',
      name: 'wg7',
      privateKey: wireguardKeys().privateKey,
      listenPort: 51820,
      peers: [
        {
          publicKey: wireguardKeys().publicKey,
          endpoint: '172.30.30.2:51820',
          allowedIPs: ['172.30.32.0/24'],
        },
      ],
      addresses: [{ address: '172.30.33.1/24' }],
    },
  ];

  it.runIf(missing.length === 0)(
    'creates a VLAN, a bond and a WireGuard link from link documents (where the kernel can make them)',
    async () => {
      await admin.unary('/machine.MachineService/ApplyConfiguration', {
        data: withNetwork(base, net, [...docs, ...linkDocs]),
        mode: 'NO_REBOOT',
      });
      await eventually(async () => {
        const kinds = ipJSONIn<{ ifname: string; linkinfo?: { info_kind: string } }>(
          node.ns,
          '-details',
          'link',
          'show',
        );
        const kindOf = (n: string) => kinds.find((l) => l.ifname === n)?.linkinfo?.info_kind;
        expect([kindOf('eth0.30'), kindOf('bond7'), kindOf('wg7')]).toEqual(['vlan', 'bond', 'wireguard']);
        expect(addressesIn(node.ns)).toEqual(
          expect.arrayContaining(['eth0.30/172.30.30.1/24', 'bond7/172.30.31.1/24', 'wg7/172.30.33.1/24']),
        );
        const links = await list(admin, 'LinkStatuses.net.talos.dev');
        expect(links.get('eth0.30')).toMatchObject({ kind: 'vlan', vlan: { vlanID: 30 } });
        expect(links.get('bond7')).toMatchObject({
          kind: 'bond',
          bondMaster: { mode: 'active-backup', miimon: 100 },
        });
        expect(links.get('wg7')).toMatchObject({ kind: 'wireguard', wireguard: { listenPort: 51820 } });
      }, 200);
    },
  );

  it.runIf(missing.length > 0)(
    `VLAN, bond and WireGuard link specs are merged and the kernel's refusal is reported (this host's kernel cannot make: ${missing.join(', ')})`,
    async () => {
      await admin.unary('/machine.MachineService/ApplyConfiguration', {
        data: withNetwork(base, net, [...docs, ...linkDocs]),
        mode: 'NO_REBOOT',
      });
      await eventually(async () => {
        // The specs made it through config and merge; the sensitive LinkSpecs are readable by the admin.
        const specs = await list(admin, 'LinkSpecs.net.talos.dev');
        expect(specs.get('eth0.30')).toMatchObject({
          logical: true,
          kind: 'vlan',
          parentName: 'eth0',
          vlan: { vlanID: 30 },
        });
        expect(specs.get('bond7')).toMatchObject({
          logical: true,
          kind: 'bond',
          bondMaster: { mode: 'active-backup', miimon: 100 },
        });
        expect(specs.get('wg7')).toMatchObject({
          logical: true,
          kind: 'wireguard',
          wireguard: { listenPort: 51820 },
        });
        for (const kind of missing)
          expect(agent.output()).toMatch(
            new RegExp(`create ${kind}.*Unknown device type|create ${kind}.*not supported`),
          );
      }, 200);
    },
  );
});
