// RoutingRuleConfig documents as configuration-layer RoutingRuleSpecs. A rule naming neither a source
// nor a destination applies to both families (one spec each, as Talos); otherwise to the family of its
// prefixes. Validation refuses the rest at apply; what still cannot be read is reported and skipped.
import type { ConfigDocument } from '../../config';
import type { Family } from '../../resources/network/nethelpers';
import type { RoutingRuleSpecSpec } from '../../resources/network/routing-rule-spec';
import { isIPv6, parsePrefix, prefixText } from '../netip';
import { errorMessage } from '../../error-message';
import type { Problems } from './legacy-network';

/** Priorities the kernel's own rules (0, 32766, 32767) and KubeSpan (32500) hold. */
export const RESERVED_RULE_PRIORITIES: readonly number[] = [0, 32500, 32766, 32767];

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const uint = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);

function prefix(v: unknown): string {
  const t = text(v);
  return t === '' ? '' : prefixText(parsePrefix(t, false));
}

function families(src: string, dst: string): Family[] {
  if ((src !== '' && isIPv6(src)) || (dst !== '' && isIPv6(dst))) return ['inet6'];
  if (src === '' && dst === '') return ['inet6', 'inet4'];
  return ['inet4'];
}

/** The specs of one RoutingRuleConfig document. */
export function routingRuleSpecs(doc: ConfigDocument): RoutingRuleSpecSpec[] {
  const d = doc.data;
  const name = doc.name ?? '';
  if (!/^\d+$/.test(name) || Number(name) > 0xffffffff)
    throw new Error(`name ${JSON.stringify(name)} is not a priority`);
  const priority = Number(name);
  if (RESERVED_RULE_PRIORITIES.includes(priority)) throw new Error(`priority ${priority} is reserved`);
  const src = prefix(d['src']);
  const dst = prefix(d['dst']);
  const action = text(d['action']);
  const base = {
    src,
    dst,
    table: text(d['table']) || 'unspec',
    priority,
    action: action === '' || action === 'unspec' ? 'unicast' : action,
    iifName: text(d['iifName']),
    oifName: text(d['oifName']),
    fwMark: uint(d['fwMark']),
    fwMask: uint(d['fwMask']),
    layer: 'configuration' as const,
  };
  return families(src, dst).map((family) => ({ family, ...base }));
}

/** Every RoutingRuleConfig of a config as specs; unreadable ones go to `problems`. */
export function routingRuleIntent(
  docs: readonly ConfigDocument[],
  problems: Problems = [],
): RoutingRuleSpecSpec[] {
  const out: RoutingRuleSpecSpec[] = [];
  for (const doc of docs) {
    if (doc.kind !== 'RoutingRuleConfig') continue;
    try {
      out.push(...routingRuleSpecs(doc));
    } catch (e: unknown) {
      problems.push(`RoutingRuleConfig ${doc.name ?? ''}: ${errorMessage(e)}`);
    }
  }
  return out;
}
