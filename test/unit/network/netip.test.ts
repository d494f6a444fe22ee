import { describe, expect, it } from 'vitest';
import {
  canonicalAddr,
  canonicalPrefix,
  isInvalidAddressError,
  netIPPrefix,
  parsePrefix,
  prefixContains,
  prefixesOverlap,
} from '../../../src/network/netip';

describe('netip', () => {
  it('prints addresses as Go does', () => {
    expect(canonicalAddr('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(canonicalAddr('fd00:0:0:1::')).toBe('fd00:0:0:1::');
    expect(canonicalAddr('::ffff:10.0.0.1')).toBe('::ffff:10.0.0.1');
    expect(canonicalAddr('1:0:0:1:0:0:0:1')).toBe('1:0:0:1::1');
    expect(canonicalPrefix('10.0.0.1')).toBe('10.0.0.1/32');
    expect(canonicalPrefix('FD13::21/64')).toBe('fd13::21/64');
  });

  it('refuses what is not an address or a prefix', () => {
    for (const bad of ['10.0.0.300/24', '10.0.0.1/33', 'eth0', 'fd00::1/129']) {
      let err: unknown;
      try {
        parsePrefix(bad);
      } catch (e: unknown) {
        err = e;
      }
      expect(isInvalidAddressError(err), bad).toBe(true);
    }
  });

  it('knows containment and overlap, per family', () => {
    const p = parsePrefix('10.1.0.0/16');
    expect(prefixContains(p, '10.1.200.3')).toBe(true);
    expect(prefixContains(p, '10.2.0.1')).toBe(false);
    expect(prefixesOverlap(parsePrefix('10.1.2.3/24'), parsePrefix('10.1.2.200/25'))).toBe(true);
    expect(prefixesOverlap(parsePrefix('10.1.2.3/25'), parsePrefix('10.1.2.200/25'))).toBe(false);
    expect(prefixesOverlap(parsePrefix('::/0'), parsePrefix('10.0.0.0/8'))).toBe(false);
  });

  it('encodes common.NetIPPrefix', () => {
    expect(netIPPrefix('10.0.0.1/24')).toEqual({ ip: Buffer.from([10, 0, 0, 1]), prefix_length: 24 });
    expect(netIPPrefix('')).toEqual({ ip: Buffer.alloc(0), prefix_length: 0 });
  });
});
