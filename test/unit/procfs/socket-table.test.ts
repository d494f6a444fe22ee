// The kernel's socket tables and Go's way of writing addresses.
import { describe, expect, it } from 'vitest';
import { formatIp } from '../../../src/procfs/ip-format';
import { isUnspecified, parseSocketTable } from '../../../src/procfs/socket-table';

const ip = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe('formatIp', () => {
  it('writes IPv4, IPv4-mapped IPv6 and RFC 5952 IPv6 as Go does', () => {
    expect(formatIp(ip(127, 0, 0, 51))).toBe('127.0.0.51');
    expect(formatIp(ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3))).toBe('10.1.2.3');
    expect(formatIp(new Uint8Array(16))).toBe('::');
    expect(formatIp(ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1))).toBe('::1');
    expect(formatIp(ip(0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2))).toBe('fd00::2');
    // the first of two equal runs of zeros; a single zero group is not shortened
    expect(formatIp(ip(0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1))).toBe('2001:db8::1:0:0:1');
    expect(formatIp(ip(0x20, 1, 0xd, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1))).toBe('2001:db8:0:1:1:1:1:1');
  });

  it('sees 0.0.0.0, :: and ::ffff:0.0.0.0 as unspecified', () => {
    expect(isUnspecified(ip(0, 0, 0, 0))).toBe(true);
    expect(isUnspecified(new Uint8Array(16))).toBe(true);
    expect(isUnspecified(ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0))).toBe(true);
    expect(isUnspecified(ip(127, 0, 0, 1))).toBe(false);
  });
});

describe('parseSocketTable', () => {
  const tcp = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 3300007F:C350 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2784709 1 00000000c2e0dbac 100 0 0 10 0',
    '   1: 0100007F:A1B2 3300007F:C350 01 0000000A:00000002 02:000004E2 00000003  1000        5 2784800 2 ffff8881a0b0c0d0 20 4 30 10 -1',
    '',
  ].join('\n');

  it('reads addresses in the kernel byte order and every column', () => {
    const [listen, conn] = parseSocketTable('tcp', tcp)!;
    expect(formatIp(listen!.local.ip)).toBe('127.0.0.51');
    expect(listen!.local.port).toBe(50000);
    expect(formatIp(listen!.remote.ip)).toBe('0.0.0.0');
    expect(listen!.state).toBe(10);
    expect(listen!.inode).toBe(2784709n);
    expect(listen!.pointer).toBe(0xc2e0dbacn);
    expect(conn).toEqual({
      table: 'tcp',
      local: { ip: ip(127, 0, 0, 1), port: 0xa1b2 },
      remote: { ip: ip(127, 0, 0, 51), port: 50000 },
      state: 1,
      txQueue: 10n,
      rxQueue: 2n,
      timerActive: 2,
      timerWhen: 1250n,
      retransmits: 3n,
      uid: 1000,
      timeout: 5n,
      inode: 2784800n,
      ref: 2n,
      pointer: 0xffff8881a0b0c0d0n,
    });
  });

  it('reads IPv6 words', () => {
    const tcp6 = [
      '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1 0000000000000000 100 0 0 10 0',
      '   1: 0000000000000000FFFF00000100007F:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1235 1 0000000000000000 100 0 0 10 0',
    ].join('\n');
    const [a, b] = parseSocketTable('tcp6', tcp6)!;
    expect(formatIp(a!.local.ip)).toBe('::1');
    expect(formatIp(b!.local.ip)).toBe('127.0.0.1');
  });

  it('gives nothing for a table with a malformed line', () => {
    expect(parseSocketTable('udp', `header\n   0: nonsense\n`)).toBeUndefined();
  });
});
