// The kernel's policy routing rules, both families (`ip -details -json -4|-6 rule show`), as
// RoutingRuleStatus specs plus the protocol that added each (the spec controller only touches its own,
// `static`, as Talos).
import type { Family } from '../../resources/network/nethelpers';
import { RULE_ACTION_NUMBER } from '../../resources/network/routing-rule-spec';
import type { RoutingRuleStatusSpec } from '../../resources/network/routing-rule-status';
import { canonicalAddr } from '../netip';
import { ipJSON } from './command';

export interface KernelRule extends RoutingRuleStatusSpec {
  /** `static` for the rules the agent adds; `kernel` for the built-in ones. */
  protocol: string;
}

interface IpRule {
  priority?: number;
  src?: string;
  srclen?: number;
  dst?: string;
  dstlen?: number;
  table?: string;
  action?: string;
  iif?: string;
  oif?: string;
  fwmark?: string;
  fwmask?: string;
  protocol?: string;
}

/** `src`/`dst` of iproute2 (`all`, a bare host, or an address with its length) as `addr/bits` or ''. */
function prefixOf(addr: string | undefined, len: number | undefined, family: Family): string {
  if (addr === undefined || addr === 'all') return '';
  return `${canonicalAddr(addr)}/${len ?? (family === 'inet6' ? 128 : 32)}`;
}

/** FR_ACT_* names of iproute2 to Talos's; goto (2) and nop (3) are numbers there. */
function actionOf(r: IpRule): string {
  const a = r.action ?? 'unicast';
  if (a in RULE_ACTION_NUMBER) return a;
  return a === 'goto' ? 'RoutingRuleAction(2)' : a === 'nop' ? 'RoutingRuleAction(3)' : a;
}

function toRule(r: IpRule, family: Family): KernelRule {
  const fwMark = r.fwmark === undefined ? 0 : Number(r.fwmark);
  // The kernel keeps a full mask for a mark given without one; iproute2 leaves that mask out.
  const fwMask = r.fwmask !== undefined ? Number(r.fwmask) : fwMark !== 0 ? 0xffffffff : 0;
  return {
    family,
    src: prefixOf(r.src, r.srclen, family),
    dst: prefixOf(r.dst, r.dstlen, family),
    table: r.table ?? 'unspec',
    priority: r.priority ?? 0,
    action: actionOf(r),
    iifName: r.iif ?? '',
    oifName: r.oif ?? '',
    fwMark,
    fwMask,
    protocol: r.protocol ?? 'unspec',
  };
}

/** Every rule of both families of the agent's network namespace. */
export async function readKernelRules(signal?: AbortSignal): Promise<KernelRule[]> {
  const [v4, v6] = await Promise.all([
    ipJSON<IpRule>(['-details', '-4', 'rule', 'show'], { signal }),
    ipJSON<IpRule>(['-details', '-6', 'rule', 'show'], { signal }),
  ]);
  return [...v4.map((r) => toRule(r, 'inet4')), ...v6.map((r) => toRule(r, 'inet6'))];
}
