// The Advanced Networking and WireGuard guides' examples (machine.network) as the specs they become.
import { describe, expect, it } from 'vitest';
import { legacyNetworkIntent } from '../../../src/network/config/legacy-network';
import type { SelectableLink } from '../../../src/network/config/device-selector';

const links: SelectableLink[] = [
  {
    name: 'eth0',
    hardwareAddr: '00:00:5e:00:53:01',
    permanentAddr: '',
    busPath: '0000:00:03.0',
    pciID: '',
    driver: 'virtio_net',
    kind: '',
    type: 'ether',
  },
  {
    name: 'eth1',
    hardwareAddr: '00:00:5e:00:53:02',
    permanentAddr: '',
    busPath: '0000:00:04.0',
    pciID: '',
    driver: 'e1000',
    kind: '',
    type: 'ether',
  },
];

describe('machine.network as specs', () => {
  it('static addressing: addresses, MTU, a default route, nameservers; an ignored interface left alone', () => {
    const intent = legacyNetworkIntent(
      {
        hostname: 'talos',
        nameservers: ['10.0.0.1'],
        interfaces: [
          {
            interface: 'eth0',
            addresses: ['10.0.0.201/8'],
            mtu: 8765,
            routes: [{ network: '0.0.0.0/0', gateway: '10.0.0.1' }],
          },
          { interface: 'eth1', ignore: true },
        ],
      },
      links,
    );
    expect(intent.links).toEqual([
      expect.objectContaining({ name: 'eth0', up: true, mtu: 8765, logical: false, layer: 'configuration' }),
    ]);
    expect(intent.addresses).toEqual([
      expect.objectContaining({
        address: '10.0.0.201/8',
        linkName: 'eth0',
        family: 'inet4',
        scope: 'global',
        flags: 'permanent',
      }),
    ]);
    expect(intent.routes).toEqual([
      expect.objectContaining({
        dst: '',
        gateway: '10.0.0.1',
        outLinkName: 'eth0',
        priority: 1024,
        protocol: 'static',
        table: 'main',
        scope: 'global',
      }),
    ]);
    expect(intent.resolvers).toEqual({ dnsServers: ['10.0.0.1'], layer: 'configuration', searchDomains: [] });
  });

  it('additional addresses on lo', () => {
    const intent = legacyNetworkIntent(
      { interfaces: [{ interface: 'lo', addresses: ['192.168.0.21/24', '10.2.2.2/24'] }] },
      links,
    );
    expect(intent.addresses.map((a) => `${a.linkName} ${a.address}`)).toEqual([
      'lo 192.168.0.21/24',
      'lo 10.2.2.2/24',
    ]);
  });

  it('a bond with DHCP: the bond, its members in order, a DHCPv4 operator', () => {
    const intent = legacyNetworkIntent(
      {
        interfaces: [
          {
            interface: 'bond0',
            dhcp: true,
            bond: {
              mode: '802.3ad',
              lacpRate: 'fast',
              xmitHashPolicy: 'layer3+4',
              miimon: 100,
              updelay: 200,
              downdelay: 200,
              interfaces: ['eth0', 'eth1'],
            },
          },
        ],
      },
      links,
    );
    const bond = intent.links.find((l) => l.name === 'bond0');
    expect(bond).toMatchObject({
      logical: true,
      kind: 'bond',
      bondMaster: {
        mode: '802.3ad',
        lacpRate: 'fast',
        xmitHashPolicy: 'layer3+4',
        miimon: 100,
        updelay: 200,
        downdelay: 200,
      },
    });
    expect(
      intent.links
        .filter((l) => l.bondSlave.masterName === 'bond0')
        .map((l) => [l.name, l.bondSlave.slaveIndex]),
    ).toEqual([
      ['eth0', 0],
      ['eth1', 1],
    ]);
    expect(intent.operators).toEqual([
      expect.objectContaining({
        operator: 'dhcp4',
        linkName: 'bond0',
        dhcp4: { routeMetric: 1024, skipHostnameRequest: false },
      }),
    ]);
  });

  it('a bridge with STP and an address', () => {
    const intent = legacyNetworkIntent(
      {
        interfaces: [
          {
            interface: 'br0',
            addresses: ['192.168.0.42/24'],
            bridge: { stp: { enabled: true }, interfaces: ['eth0', 'eth1'] },
          },
        ],
      },
      links,
    );
    expect(intent.links.find((l) => l.name === 'br0')).toMatchObject({
      kind: 'bridge',
      bridgeMaster: { stp: { enabled: true } },
    });
    expect(intent.links.filter((l) => l.bridgeSlave.masterName === 'br0').map((l) => l.name)).toEqual([
      'eth0',
      'eth1',
    ]);
  });

  it('VLANs with addresses and a route, named <parent>.<id>', () => {
    const intent = legacyNetworkIntent(
      {
        interfaces: [
          {
            interface: 'eth0',
            vlans: [
              {
                vlanId: 100,
                addresses: ['192.168.2.10/28'],
                routes: [{ network: '0.0.0.0/0', gateway: '192.168.2.1' }],
              },
            ],
          },
        ],
      },
      links,
    );
    expect(intent.links.find((l) => l.name === 'eth0.100')).toMatchObject({
      logical: true,
      kind: 'vlan',
      parentName: 'eth0',
      vlan: { vlanID: 100, vlanProtocol: '802.1q' },
    });
    expect(intent.addresses[0]).toMatchObject({ linkName: 'eth0.100', address: '192.168.2.10/28' });
    expect(intent.routes[0]).toMatchObject({ outLinkName: 'eth0.100', gateway: '192.168.2.1' });
  });

  it('a device selector picks the link by bus path or MAC (globs), and matches nothing else', () => {
    const byBus = legacyNetworkIntent(
      { interfaces: [{ deviceSelector: { busPath: '0000:00:04.*' }, addresses: ['10.3.0.2/24'] }] },
      links,
    );
    expect(byBus.addresses[0]?.linkName).toBe('eth1');
    const byMac = legacyNetworkIntent(
      {
        interfaces: [
          { deviceSelector: { hardwareAddr: '00:00:5E:00:53:01', driver: 'virtio_net' }, dhcp: true },
        ],
      },
      links,
    );
    expect(byMac.operators[0]?.linkName).toBe('eth0');
    const problems: string[] = [];
    expect(
      legacyNetworkIntent(
        { interfaces: [{ deviceSelector: { driver: 'mlx5_core' }, dhcp: true }] },
        links,
        problems,
      ).operators,
    ).toEqual([]);
    expect(problems).toEqual(['an interface device selector matches no link']);
  });

  it('WireGuard (the guide): keys, port, peers with keep-alive and allowed IPs; a VIP', () => {
    const intent = legacyNetworkIntent(
      {
        interfaces: [
          {
            interface: 'wg0',
            mtu: 1500,
            addresses: ['192.168.1.2/24'],
            wireguard: {
              privateKey: 'ONj6Iefel47uMKtWRCSMLan2UC5eW3Fj9Gsy9bqcyEc=',
              listenPort: 51111,
              peers: [
                {
                  allowedIPs: ['192.168.1.0/24'],
                  endpoint: '192.168.2.1:51111',
                  publicKey: 'bi3fT4wWjFhcV/SxL8EBxa5DgkVvNIJbChh+vA9QpmI=',
                  persistentKeepaliveInterval: '10s',
                },
              ],
            },
          },
          { interface: 'eth0', vip: { ip: '172.16.199.55' } },
        ],
      },
      links,
    );
    expect(intent.links.find((l) => l.name === 'wg0')).toMatchObject({
      kind: 'wireguard',
      type: 'nohdr',
      wireguard: {
        listenPort: 51111,
        peers: [
          { endpoint: '192.168.2.1:51111', persistentKeepaliveInterval: 10, allowedIPs: ['192.168.1.0/24'] },
        ],
      },
    });
    expect(intent.operators).toEqual([
      expect.objectContaining({
        operator: 'vip',
        linkName: 'eth0',
        vip: { ip: '172.16.199.55', gratuitousARP: true },
      }),
    ]);
  });
});
