import { describe, expect, it } from 'vitest';
import {
  decodeClasslessRoutes,
  decodeDhcp,
  encodeClasslessRoutes,
  encodeDhcp,
  leaseFromAck,
  MessageType,
  messageType,
  Opt,
  type DhcpMessage,
} from '../../../../src/platform/metal/dhcp-packet';
import { thrown } from '../../../harness/thrown';

const ack = (options: [number, number[] | Buffer][]): DhcpMessage => ({
  op: 2,
  xid: 0xdeadbeef,
  secs: 0,
  broadcast: true,
  ciaddr: '0.0.0.0',
  yiaddr: '192.168.7.20',
  siaddr: '192.168.7.1',
  giaddr: '0.0.0.0',
  chaddr: '52:54:00:12:34:56',
  options: new Map(options.map(([c, v]) => [c, Buffer.from(v)])),
});

describe('DHCP packet codec', () => {
  it('encodes the fixed header byte-exactly', () => {
    const buf = encodeDhcp({ ...ack([[Opt.MESSAGE_TYPE, [MessageType.DISCOVER]]]), op: 1, secs: 3 });
    expect(buf.length).toBe(300); // padded to the BOOTP minimum
    expect([...buf.subarray(0, 12)]).toEqual([1, 1, 6, 0, 0xde, 0xad, 0xbe, 0xef, 0, 3, 0x80, 0]);
    expect([...buf.subarray(16, 20)]).toEqual([192, 168, 7, 20]);
    expect(buf.subarray(28, 34).toString('hex')).toBe('525400123456');
    expect(buf.readUInt32BE(236)).toBe(0x63825363);
    expect([...buf.subarray(240, 244)]).toEqual([53, 1, 1, 255]);
  });

  it('round-trips a message with options', () => {
    const m = ack([
      [Opt.MESSAGE_TYPE, [MessageType.ACK]],
      [Opt.SUBNET_MASK, [255, 255, 255, 0]],
      [Opt.ROUTER, [192, 168, 7, 1]],
      [Opt.DNS, [1, 1, 1, 1, 8, 8, 4, 4]],
      [Opt.HOSTNAME, Buffer.from('worker-1')],
      [Opt.LEASE_TIME, [0, 0, 0x0e, 0x10]],
      [Opt.RENEWAL_TIME, [0, 0, 0x07, 0x08]],
      [Opt.REBINDING_TIME, [0, 0, 0x0c, 0x4e]],
    ]);
    const d = decodeDhcp(encodeDhcp(m));
    expect(d).toEqual(m);
    expect(messageType(d)).toBe(MessageType.ACK);
    expect(leaseFromAck(d)).toEqual({
      address: '192.168.7.20',
      prefix: 24,
      gateway: '192.168.7.1',
      routes: [],
      dns: ['1.1.1.1', '8.8.4.4'],
      ntp: [],
      hostname: 'worker-1',
      domain: undefined,
      leaseSeconds: 3600,
      renewalSeconds: 1800,
      rebindingSeconds: 3150,
      serverId: undefined,
    });
  });

  it('skips pad options, concatenates split options and stops at end', () => {
    const m = encodeDhcp(ack([]));
    const opts = Buffer.from([0, 0, 12, 3, 0x61, 0x62, 0x63, 12, 2, 0x64, 0x65, 255, 6, 4, 9, 9, 9, 9]);
    opts.copy(m, 240);
    const d = decodeDhcp(m);
    expect(d.options.get(Opt.HOSTNAME)?.toString()).toBe('abcde');
    expect(d.options.has(Opt.DNS)).toBe(false);
  });

  it('splits option values longer than 255 bytes', () => {
    const long = Buffer.alloc(300, 7);
    const d = decodeDhcp(encodeDhcp(ack([[Opt.DOMAIN_NAME, long]])));
    expect(d.options.get(Opt.DOMAIN_NAME)).toEqual(long);
  });

  it('rejects garbage', () => {
    expect(() => decodeDhcp(Buffer.alloc(100))).toThrow(/short/);
    expect(() => decodeDhcp(Buffer.alloc(300))).toThrow(/magic/);
    const trunc = encodeDhcp(ack([]));
    Buffer.from([6, 40, 1, 2]).copy(trunc, 240);
    expect(() => decodeDhcp(trunc.subarray(0, 244))).toThrow(/truncated/);
  });

  it('codes classless static routes (RFC 3442 examples) and prefers them over routers', () => {
    const routes = [
      { destination: '0.0.0.0/0', gateway: '10.0.0.1' },
      { destination: '10.0.0.0/8', gateway: '10.0.0.254' },
      { destination: '10.17.0.0/16', gateway: '0.0.0.0' },
      { destination: '192.168.128.0/17', gateway: '10.0.0.3' },
    ];
    const enc = encodeClasslessRoutes(routes);
    expect([...enc.subarray(0, 5)]).toEqual([0, 10, 0, 0, 1]);
    expect([...enc.subarray(5, 11)]).toEqual([8, 10, 10, 0, 0, 254]);
    expect([...enc.subarray(18, 26)]).toEqual([17, 192, 168, 128, 10, 0, 0, 3]);
    expect(decodeClasslessRoutes(enc)).toEqual(routes);
    const lease = leaseFromAck(
      ack([
        [Opt.ROUTER, [192, 168, 7, 99]],
        [Opt.CLASSLESS_ROUTES, enc],
      ]),
    );
    expect(lease.gateway).toBe('10.0.0.1');
    expect(lease.routes).toEqual(routes.slice(1));
    expect(lease.prefix).toBe(24); // no mask: class C address
    expect(thrown(() => decodeClasslessRoutes(Buffer.from([33, 1, 2, 3, 4, 5, 6, 7, 8])))).toMatchObject({
      name: 'DhcpFormatError',
      message: 'classless route with prefix /33',
    });
    expect(thrown(() => decodeClasslessRoutes(Buffer.from([24, 10, 0])))).toMatchObject({
      name: 'DhcpFormatError',
      message: 'classless route option truncated',
    });
  });

  it('takes host and domain names only when they are DNS names (they go into /etc/hosts)', () => {
    const names = (hostname: string, domain: string) =>
      leaseFromAck(
        ack([
          [Opt.HOSTNAME, Buffer.from(hostname, 'latin1')],
          [Opt.DOMAIN_NAME, Buffer.from(domain, 'latin1')],
        ]),
      );
    expect(names('node-1', 'example.com.')).toMatchObject({ hostname: 'node-1', domain: 'example.com.' });
    expect(names('node-1\n10.0.0.1 evil', 'a b')).toMatchObject({ hostname: undefined, domain: undefined });
    expect(names('-bad', `${'a'.repeat(64)}.com`)).toMatchObject({ hostname: undefined, domain: undefined });
    expect(names('node\0\0', 'x')).toMatchObject({ hostname: 'node', domain: 'x' }); // NUL padding dropped
  });

  it('refuses short, cookieless, bad-op and truncated messages with DhcpFormatError', () => {
    const good = encodeDhcp(ack([[Opt.MESSAGE_TYPE, [MessageType.ACK]]]));
    const cases: [Buffer, string][] = [
      [good.subarray(0, 100), 'DHCP message too short (100 bytes)'],
      [
        Buffer.concat([good.subarray(0, 236), Buffer.from([1, 2, 3, 4])]),
        'DHCP message without magic cookie',
      ],
      [Buffer.concat([Buffer.from([3]), good.subarray(1)]), 'DHCP message with bad op 3'],
      [Buffer.concat([good.subarray(0, 240), Buffer.from([12, 10, 65])]), 'DHCP option 12 truncated'],
    ];
    for (const [buf, message] of cases)
      expect(thrown(() => decodeDhcp(buf))).toMatchObject({ name: 'DhcpFormatError', message });
  });
});
