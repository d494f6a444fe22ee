// The addressing of `cluster create`: --cidr parsed as Go's net.ParseCIDR network (host bits dropped),
// the gateway first and the nodes from the second address as Talos numbers them, bad CIDRs named; and
// the talosconfig merge of talosctl (a taken context name becomes NAME-1, NAME-2…, made current).
import { describe, expect, it } from 'vitest';
import { hostLinkName, nthAddress, parseCidr } from '../../../../src/cli/cluster/cluster-network';
import { mergeTalosconfig } from '../../../../src/cli/cluster/cluster-talosconfig';

describe('cluster addresses', () => {
  it('numbers the gateway and the nodes as Talos', () => {
    const c = parseCidr('10.5.0.0/24');
    expect([1, 2, 3].map((n) => nthAddress(c, n))).toEqual(['10.5.0.1', '10.5.0.2', '10.5.0.3']);
    expect(nthAddress(parseCidr('10.5.0.77/24'), 2)).toBe('10.5.0.2');
    expect(nthAddress(parseCidr('172.20.4.0/22'), 300)).toBe('172.20.5.44');
  });

  it.each(['10.5.0.0', '10.5.0.0/33', '10.5.0.0/31', '300.1.1.1/24', 'fd00::/64', ''])(
    'refuses --cidr %j',
    (text) => {
      expect(() => parseCidr(text)).toThrow(/--cidr .*an IPv4 network a\.b\.c\.d\/n/);
    },
  );

  it('refuses more nodes than the network holds', () => {
    expect(() => nthAddress(parseCidr('10.5.0.0/30'), 3)).toThrow('the network /30 is too small for 2 nodes');
  });

  it('names the host link within 15 characters, stable per cluster', () => {
    expect(hostLinkName('a-rather-long-cluster-name-here')).toMatch(/^tts[0-9a-f]{8}$/);
    expect(hostLinkName('x')).toBe(hostLinkName('x'));
    expect(hostLinkName('x')).not.toBe(hostLinkName('y'));
  });
});

describe('talosconfig merge', () => {
  const ctx = (n: string) => ({ endpoints: [n], ca: 'ca', crt: 'crt', key: 'key' });

  it('adds the context and makes it current, renaming a taken name as talosctl', () => {
    const base = { context: 'old', contexts: { old: ctx('1'), demo: ctx('2'), 'demo-1': ctx('3') } };
    const { merged, context } = mergeTalosconfig(base, { context: 'demo', contexts: { demo: ctx('4') } });
    expect(context).toBe('demo-2');
    expect(merged.context).toBe('demo-2');
    expect(Object.keys(merged.contexts)).toEqual(['old', 'demo', 'demo-1', 'demo-2']);
    expect(merged.contexts['demo-2']!.endpoints).toEqual(['4']);
    expect(merged.contexts.demo!.endpoints).toEqual(['2']);
  });
});
