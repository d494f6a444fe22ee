import { describe, expect, it } from 'vitest';
import { bondArgs, createLinkArgs, wireguardConf } from '../../../src/network/kernel/link-commands';
import { defaultBondMaster } from '../../../src/resources/network/link-kind-specs';
import { linkSpec } from '../../../src/network/config/intent';
import { mergeLinkSpecs } from '../../../controllers/network/link-merge';

describe('link commands', () => {
  it('a bond: the mode and what differs from the kernel defaults, options only where the mode takes them', () => {
    const b = {
      ...defaultBondMaster(),
      mode: '802.3ad',
      lacpRate: 'fast',
      xmitHashPolicy: 'layer3+4',
      miimon: 100,
      updelay: 200,
      downdelay: 200,
    };
    expect(bondArgs(b)).toEqual([
      'mode',
      '802.3ad',
      'miimon',
      '100',
      'updelay',
      '200',
      'downdelay',
      '200',
      'xmit_hash_policy',
      'layer3+4',
      'lacp_rate',
      'fast',
    ]);
    expect(bondArgs({ ...defaultBondMaster(), mode: 'active-backup', lacpRate: 'fast' })).toEqual([
      'mode',
      'active-backup',
    ]);
  });

  it('VLAN, bridge, dummy and WireGuard links', () => {
    expect(createLinkArgs(linkSpec('eth0.30', 'configuration', { kind: 'vlan', parentName: 'eth0', vlan: { vlanID: 30, vlanProtocol: '802.1q' } }))).toEqual([
      'link', 'add', 'link', 'eth0', 'name', 'eth0.30', 'type', 'vlan', 'id', '30', 'protocol', '802.1Q',
    ]); // prettier-ignore
    expect(createLinkArgs(linkSpec('br0', 'configuration', { kind: 'bridge', mtu: 9000, bridgeMaster: { stp: { enabled: true }, vlan: { filteringEnabled: false } } }))).toEqual([
      'link', 'add', 'name', 'br0', 'mtu', '9000', 'type', 'bridge',
    ]); // prettier-ignore
    expect(createLinkArgs(linkSpec('d0', 'configuration', { kind: 'dummy', hardwareAddr: 'aa:bb:cc:dd:ee:ff' }))).toEqual([
      'link', 'add', 'name', 'd0', 'address', 'aa:bb:cc:dd:ee:ff', 'type', 'dummy',
    ]); // prettier-ignore
    expect(createLinkArgs(linkSpec('x', 'configuration', { kind: 'geneve' }))).toBeUndefined();
  });

  it('WireGuard configuration as `wg setconf` reads it (keys never in arguments)', () => {
    const conf = wireguardConf({
      privateKey: 'PRIV',
      publicKey: '',
      listenPort: 51820,
      firewallMark: 0,
      peers: [
        {
          publicKey: 'PUB',
          presharedKey: 'PSK',
          endpoint: '10.0.0.2:51820',
          persistentKeepaliveInterval: 25,
          allowedIPs: ['10.9.0.0/16', 'fd00::/64'],
        },
      ],
    });
    expect(conf).toBe(
      '[Interface]\nPrivateKey = PRIV\nListenPort = 51820\n\n[Peer]\nPublicKey = PUB\nPresharedKey = PSK\nEndpoint = 10.0.0.2:51820\nAllowedIPs = 10.9.0.0/16, fd00::/64\nPersistentKeepalive = 25\n',
    );
  });

  it('merges link specs across layers: each layer sets the fields it has', () => {
    const merged = mergeLinkSpecs([
      linkSpec('eth0', 'cmdline', { mtu: 1500 }),
      linkSpec('eth0', 'configuration', { mtu: 9000, bondSlave: { masterName: 'bond0', slaveIndex: 0 } }),
    ]);
    expect(merged).toMatchObject({
      name: 'eth0',
      up: true,
      mtu: 9000,
      bondSlave: { masterName: 'bond0' },
      layer: 'configuration',
    });
    expect(
      mergeLinkSpecs([linkSpec('eth0', 'cmdline', { mtu: 1400 }), linkSpec('eth0', 'configuration')]),
    ).toMatchObject({ mtu: 1400 });
  });
});
