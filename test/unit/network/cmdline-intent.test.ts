import { describe, expect, it } from 'vitest';
import { cmdlineNetworkIntent } from '../../../src/network/config/cmdline-intent';
import { parseKernelParams } from '../../../src/platform/metal/kernel-params';

describe('ip= as cmdline-layer specs', () => {
  it('a static address, its default route and DNS servers on the named link', () => {
    const intent = cmdlineNetworkIntent(
      parseKernelParams(
        'console=ttyS0 ip=172.20.0.2::172.20.0.1:255.255.255.0:node1:eth1:off:10.0.0.53:10.0.0.54',
      ),
      'eth0',
    );
    expect(intent.links).toEqual([expect.objectContaining({ name: 'eth1', up: true, layer: 'cmdline' })]);
    expect(intent.addresses).toEqual([
      expect.objectContaining({ address: '172.20.0.2/24', linkName: 'eth1', layer: 'cmdline' }),
    ]);
    expect(intent.routes).toEqual([
      expect.objectContaining({ dst: '', gateway: '172.20.0.1', outLinkName: 'eth1', layer: 'cmdline' }),
    ]);
    expect(intent.resolvers).toEqual({
      dnsServers: ['10.0.0.53', '10.0.0.54'],
      layer: 'cmdline',
      searchDomains: [],
    });
  });

  it('ip=dhcp: a DHCPv4 operator on the first link; no ip=: nothing', () => {
    const dhcp = cmdlineNetworkIntent(parseKernelParams('ip=dhcp'), 'eth0');
    expect(dhcp.operators).toEqual([
      expect.objectContaining({ operator: 'dhcp4', linkName: 'eth0', layer: 'cmdline' }),
    ]);
    expect(cmdlineNetworkIntent(parseKernelParams('console=ttyS0'), 'eth0')).toEqual({
      links: [],
      addresses: [],
      routes: [],
      rules: [],
      operators: [],
      hosts: [],
    });
  });
});
