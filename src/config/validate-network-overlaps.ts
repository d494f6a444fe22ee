// Addresses across the whole config (the v1alpha1 interfaces and VLANs, and the link documents): the
// same address twice, or subnets of two different links that overlap, are refused: the kernel would
// route one of them wrongly.
import { isIP } from 'node:net';
import { V1ALPHA1_KIND, type MachineConfig } from './machine-config';
import type { PathSegment } from './path';
import { get, list, record, str, type Report } from './validate-report';

const LINK_KINDS = new Set([
  'LinkConfig',
  'BondConfig',
  'BridgeConfig',
  'DummyLinkConfig',
  'VLANConfig',
  'WireguardConfig',
]);

interface Placed {
  readonly link: string;
  readonly doc: number;
  readonly path: PathSegment[];
  readonly bytes: Buffer;
  readonly bits: number;
  readonly text: string;
}

function bytesOf(addr: string): Buffer | undefined {
  const family = isIP(addr);
  if (family === 4) return Buffer.from(addr.split('.').map(Number));
  if (family !== 6) return undefined;
  const [head = '', tail] = addr.split('::');
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  if (h.concat(t).some((g) => g.includes('.'))) return undefined; // embedded IPv4: left to the other checks
  const all = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

function place(link: string, doc: number, path: PathSegment[], text: unknown): Placed | undefined {
  if (typeof text !== 'string') return undefined;
  const [addr = '', bits] = text.split('/');
  const bytes = bytesOf(addr);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  const n = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(n) || n < 0 || n > max) return undefined;
  return { link, doc, path, bytes, bits: n, text };
}

function sameNetwork(a: Placed, b: Placed, bits: number): boolean {
  for (let i = 0; i < a.bytes.length; i++) {
    const keep = Math.min(Math.max(bits - i * 8, 0), 8);
    const mask = (0xff << (8 - keep)) & 0xff;
    if (((a.bytes[i] ?? 0) & mask) !== ((b.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

function collect(config: MachineConfig): Placed[] {
  const out: Placed[] = [];
  const add = (p: Placed | undefined): void => {
    if (p) out.push(p);
  };
  config.documents.forEach((doc, i) => {
    if (doc.kind === V1ALPHA1_KIND) {
      list(get(doc.data, 'machine', 'network', 'interfaces')).forEach((raw, j) => {
        const iface = record(raw);
        if (!iface || iface['ignore'] === true) return;
        const name = str(iface['interface']) ?? `deviceSelector#${j}`;
        const base: PathSegment[] = ['machine', 'network', 'interfaces', j];
        list(iface['addresses']).forEach((a, k) => add(place(name, i, [...base, 'addresses', k], a)));
        if (iface['cidr'] !== undefined) add(place(name, i, [...base, 'cidr'], iface['cidr']));
        list(iface['vlans']).forEach((v, k) => {
          const vlan = record(v) ?? {};
          const vname = `${name}.${String(vlan['vlanId'])}`;
          list(vlan['addresses']).forEach((a, m) =>
            add(place(vname, i, [...base, 'vlans', k, 'addresses', m], a)),
          );
        });
      });
    } else if (LINK_KINDS.has(doc.kind)) {
      list(doc.data['addresses']).forEach((a, k) =>
        add(place(doc.name ?? '', i, ['addresses', k, 'address'], get(a, 'address'))),
      );
    }
  });
  return out;
}

export function checkAddressOverlaps(report: Report, config: MachineConfig): void {
  const placed = collect(config);
  for (let i = 0; i < placed.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = placed[i]!;
      const b = placed[j]!;
      if (a.bytes.length !== b.bytes.length) continue;
      const r = report.for(a.doc);
      if (a.bits === b.bits && sameNetwork(a, b, a.bytes.length * 8)) {
        r.error(a.path, `address ${a.text} is configured twice (also on ${b.link})`);
      } else if (a.link !== b.link && sameNetwork(a, b, Math.min(a.bits, b.bits))) {
        r.error(a.path, `address ${a.text} on ${a.link} overlaps ${b.text} on ${b.link}`);
      }
    }
  }
}
