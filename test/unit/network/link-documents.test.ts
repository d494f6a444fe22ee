import { describe, expect, it } from 'vitest';
import { documentsNetworkIntent } from '../../../src/network/config/link-documents';
import type { ConfigDocument } from '../../../src/config';

const doc = (kind: string, name: string | undefined, data: Record<string, unknown>): ConfigDocument => ({
  apiVersion: 'v1alpha1',
  kind,
  name,
  data: { apiVersion: 'v1alpha1', kind, ...(name ? { name } : {}), ...data },
});

describe('network documents as specs', () => {
  it('LinkConfig, VLANConfig, BondConfig, BridgeConfig, DummyLinkConfig with addresses and routes', () => {
    const intent = documentsNetworkIntent([
      doc('LinkConfig', 'eth0', {
        mtu: 9000,
        addresses: [{ address: '192.168.1.100/24', routePriority: 50 }],
        routes: [{ gateway: '192.168.1.1' }],
      }),
      doc('VLANConfig', 'vlan34', {
        vlanID: 34,
        parent: 'eth0',
        vlanMode: '802.1ad',
        addresses: [{ address: '10.34.0.2/24' }],
      }),
      doc('BondConfig', 'bond0', {
        links: ['eth1', 'eth2'],
        bondMode: 'active-backup',
        miimon: 100,
        up: true,
      }),
      doc('BridgeConfig', 'br0', { links: ['eth3'], stp: { enabled: true }, vlan: { filtering: true } }),
      doc('DummyLinkConfig', 'dummy1', {
        hardwareAddr: 'AA:BB:CC:DD:EE:FF',
        addresses: [{ address: '169.254.5.5/32' }],
      }),
    ]);
    expect(intent.links.find((l) => l.name === 'eth0')).toMatchObject({
      logical: false,
      mtu: 9000,
      up: true,
    });
    expect(intent.addresses.find((a) => a.linkName === 'eth0')).toMatchObject({
      address: '192.168.1.100/24',
      priority: 50,
    });
    expect(intent.routes[0]).toMatchObject({
      dst: '',
      gateway: '192.168.1.1',
      outLinkName: 'eth0',
      priority: 1024,
    });
    expect(intent.links.find((l) => l.name === 'vlan34')).toMatchObject({
      kind: 'vlan',
      parentName: 'eth0',
      vlan: { vlanID: 34, vlanProtocol: '802.1ad' },
    });
    expect(intent.links.find((l) => l.name === 'bond0')).toMatchObject({
      kind: 'bond',
      bondMaster: { mode: 'active-backup', miimon: 100 },
    });
    expect(intent.links.filter((l) => l.bondSlave.masterName === 'bond0').map((l) => l.name)).toEqual([
      'eth1',
      'eth2',
    ]);
    expect(intent.links.find((l) => l.name === 'br0')).toMatchObject({
      bridgeMaster: { stp: { enabled: true }, vlan: { filteringEnabled: true } },
    });
    expect(intent.links.find((l) => l.name === 'dummy1')).toMatchObject({
      kind: 'dummy',
      hardwareAddr: 'aa:bb:cc:dd:ee:ff',
    });
  });

  it('DHCPv4Config, Layer2VIPConfig, ResolverConfig, StaticHostConfig, WireguardConfig', () => {
    const intent = documentsNetworkIntent([
      doc('DHCPv4Config', 'eth1', { routeMetric: 100, ignoreHostname: true }),
      doc('Layer2VIPConfig', '10.5.0.100', { link: 'eth0' }),
      doc('ResolverConfig', undefined, {
        nameservers: [{ address: '10.0.0.1' }, { address: 'fd00::1' }],
        searchDomains: { domains: ['example.org'] },
      }),
      doc('StaticHostConfig', '10.5.0.2', { hostnames: ['db', 'db.example.org'] }),
      doc('WireguardConfig', 'wg1', {
        privateKey: 'k',
        listenPort: 51820,
        peers: [{ publicKey: 'p', allowedIPs: ['10.9.0.0/16'], persistentKeepaliveInterval: '25s' }],
      }),
    ]);
    expect(intent.operators).toEqual([
      expect.objectContaining({
        operator: 'dhcp4',
        linkName: 'eth1',
        dhcp4: { routeMetric: 100, skipHostnameRequest: true },
      }),
      expect.objectContaining({
        operator: 'vip',
        linkName: 'eth0',
        vip: { ip: '10.5.0.100', gratuitousARP: true },
      }),
    ]);
    expect(intent.resolvers).toEqual({
      dnsServers: ['10.0.0.1', 'fd00::1'],
      layer: 'configuration',
      searchDomains: ['example.org'],
    });
    expect(intent.hosts).toEqual([{ ip: '10.5.0.2', hostnames: ['db', 'db.example.org'] }]);
    expect(intent.links[0]).toMatchObject({
      kind: 'wireguard',
      wireguard: { listenPort: 51820, peers: [{ persistentKeepaliveInterval: 25 }] },
    });
  });

  it('leaves out an invalid address and says why', () => {
    const problems: string[] = [];
    const intent = documentsNetworkIntent(
      [doc('LinkConfig', 'eth0', { addresses: [{ address: '10.0.0.300/24' }] })],
      problems,
    );
    expect(intent.addresses).toEqual([]);
    expect(problems).toHaveLength(1);
  });
});
