// DHCPv4 messages as the client's socket receives them from the network: decoded, and an ACK turned
// into the lease the node configures (refusals: DhcpFormatError). What a lease hands on must be sane
// whatever the server sent: an IPv4 address, a prefix of 0–32, names that are DNS names.
import { isIPv4 } from 'node:net';
import fc from 'fast-check';
import {
  DhcpFormatError,
  decodeDhcp,
  encodeClasslessRoutes,
  encodeDhcp,
  leaseFromAck,
  MessageType,
  Opt,
  type DhcpMessage,
} from '../../../src/platform/metal/dhcp-packet';
import { errorClass, hex, type FuzzTarget } from '../fuzz-target';
import { bytesAround } from '../mutate';

const reply = (type: number, options: [number, Buffer][]): Buffer =>
  encodeDhcp({
    op: 2,
    xid: 0x1234abcd,
    secs: 0,
    broadcast: false,
    ciaddr: '0.0.0.0',
    yiaddr: '10.5.0.20',
    siaddr: '10.5.0.1',
    giaddr: '0.0.0.0',
    chaddr: '52:54:00:12:34:56',
    options: new Map([[Opt.MESSAGE_TYPE, Buffer.from([type])], ...options]),
  } satisfies DhcpMessage);

const u32 = (n: number): Buffer => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const SEEDS = [
  reply(MessageType.OFFER, [[Opt.SERVER_ID, Buffer.from([10, 5, 0, 1])]]),
  reply(MessageType.ACK, [
    [Opt.SUBNET_MASK, Buffer.from([255, 255, 255, 0])],
    [Opt.ROUTER, Buffer.from([10, 5, 0, 1])],
    [Opt.DNS, Buffer.from([10, 5, 0, 1, 1, 1, 1, 1])],
    [Opt.HOSTNAME, Buffer.from('worker-1')],
    [Opt.DOMAIN_NAME, Buffer.from('example.com')],
    [Opt.NTP, Buffer.from([10, 5, 0, 1])],
    [Opt.LEASE_TIME, u32(3600)],
    [Opt.RENEWAL_TIME, u32(1800)],
    [Opt.REBINDING_TIME, u32(3150)],
    [Opt.SERVER_ID, Buffer.from([10, 5, 0, 1])],
  ]),
  reply(MessageType.ACK, [
    [Opt.SUBNET_MASK, Buffer.from([255, 255, 0, 0])],
    [
      Opt.CLASSLESS_ROUTES,
      encodeClasslessRoutes([
        { destination: '0.0.0.0/0', gateway: '10.5.0.1' },
        { destination: '192.168.0.0/16', gateway: '10.5.0.254' },
        { destination: '10.99.1.128/25', gateway: '0.0.0.0' },
      ]),
    ],
    [Opt.HOSTNAME, Buffer.alloc(300, 'a')], // split over two option instances (RFC 3396)
  ]),
  reply(MessageType.NAK, []),
];

function checkLease(input: Buffer): void {
  const m = decodeDhcp(input);
  if (m.options.get(Opt.MESSAGE_TYPE)?.[0] !== MessageType.ACK) return;
  const lease = leaseFromAck(m);
  const bad = (what: string): never => {
    throw new Error(`lease with a bad ${what}: ${JSON.stringify(lease)}`);
  };
  if (!isIPv4(lease.address)) bad('address');
  if (!Number.isInteger(lease.prefix) || lease.prefix < 0 || lease.prefix > 32) bad('prefix');
  if (lease.gateway !== undefined && !isIPv4(lease.gateway)) bad('gateway');
  for (const r of lease.routes) {
    const [dst, width] = r.destination.split('/');
    if (!isIPv4(dst ?? '') || !(Number(width) >= 0 && Number(width) <= 32) || !isIPv4(r.gateway))
      bad('route');
  }
  for (const ip of [...lease.dns, ...lease.ntp]) if (!isIPv4(ip)) bad('server address');
  for (const name of [lease.hostname, lease.domain])
    if (name !== undefined && !/^[A-Za-z0-9.-]{1,253}$/.test(name)) bad('name');
}

export const dhcpTarget: FuzzTarget<Buffer> = {
  name: 'dhcp',
  arbitrary: fc.oneof(
    { weight: 4, arbitrary: bytesAround(SEEDS, 600) },
    // the options area rebuilt from random (code, length, value) triples
    {
      weight: 2,
      arbitrary: fc
        .array(fc.tuple(fc.nat({ max: 255 }), fc.uint8Array({ maxLength: 40 })), { maxLength: 12 })
        .map((opts) => {
          const head = SEEDS[1]!.subarray(0, 240);
          const body = opts.flatMap(([code, v]) => [code, v.length, ...v]);
          return Buffer.concat([head, Buffer.from([53, 1, MessageType.ACK, ...body, 255])]);
        }),
    },
  ),
  run: checkLease,
  refused: errorClass(DhcpFormatError),
  show: (b) => hex(b, 2048),
};
