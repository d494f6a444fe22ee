// network.RoutingRuleSpecController: installs the merged RoutingRuleSpecs (`ip rule add … proto static`)
// and removes the ones that go. As Talos, it owns only the rules of protocol `static` at a spec's family
// and priority: one that differs from the spec is replaced; rules of other protocols (the kernel's own at
// 0, 32766 and 32767, anyone else's) are never touched, and the reserved priorities are skipped.
import type { KernelRule } from '../../src/network/kernel/rules';
import type { NetworkKernel } from '../../src/network/kernel/kernel';
import type { KernelChanges } from '../../src/network/layers/kernel-changes';
import { KernelSpecController } from '../../src/network/layers/spec-controller';
import {
  RULE_ACTION_NUMBER,
  RoutingRuleSpecDefinition,
  type RoutingRuleFields,
  type RoutingRuleSpecSpec,
} from '../../src/resources/network/routing-rule-spec';
import type { Resource } from '../../src/state';

/** The kernel's own rules (local, main, default); KubeSpan's 32500 is refused by validation only. */
const KERNEL_PRIORITIES = new Set([0, 32766, 32767]);

/** The mask the kernel keeps: a mark given without one gets the full mask. */
const effectiveMask = (r: Pick<RoutingRuleFields, 'fwMark' | 'fwMask'>): number =>
  r.fwMask !== 0 ? r.fwMask >>> 0 : r.fwMark !== 0 ? 0xffffffff : 0;

/** `ip rule add|del` arguments describing a rule exactly. */
export function ruleArgs(verb: 'add' | 'del', r: RoutingRuleFields): string[] {
  const args = [r.family === 'inet6' ? '-6' : '-4', 'rule', verb, 'priority', String(r.priority)];
  if (r.src !== '') args.push('from', r.src);
  if (r.dst !== '') args.push('to', r.dst);
  if (r.iifName !== '') args.push('iif', r.iifName);
  if (r.oifName !== '') args.push('oif', r.oifName);
  if (r.fwMark !== 0 || r.fwMask !== 0)
    args.push('fwmark', `0x${r.fwMark.toString(16)}/0x${effectiveMask(r).toString(16)}`);
  if (r.table !== 'unspec') args.push('table', r.table);
  if (r.action !== 'unicast' && r.action in RULE_ACTION_NUMBER) args.push(r.action);
  args.push('proto', 'static');
  return args;
}

const sameKey = (k: KernelRule, r: RoutingRuleFields): boolean =>
  k.protocol === 'static' && k.family === r.family && k.priority === r.priority;

export const sameRule = (k: RoutingRuleFields, r: RoutingRuleFields): boolean =>
  k.family === r.family &&
  k.priority === r.priority &&
  k.action === r.action &&
  k.table === r.table &&
  k.src === r.src &&
  k.dst === r.dst &&
  k.iifName === r.iifName &&
  k.oifName === r.oifName &&
  k.fwMark === r.fwMark &&
  effectiveMask(k) === effectiveMask(r);

const label = (r: RoutingRuleFields): string => `rule ${r.family} ${r.priority}`;

export class RoutingRuleSpecController extends KernelSpecController<RoutingRuleSpecSpec> {
  readonly name = 'network.RoutingRuleSpecController';

  constructor(kernel: NetworkKernel) {
    super(RoutingRuleSpecDefinition.type, kernel);
  }

  protected async sync(
    running: readonly Resource<RoutingRuleSpecSpec>[],
    leaving: readonly Resource<RoutingRuleSpecSpec>[],
    changes: KernelChanges,
    signal: AbortSignal,
  ): Promise<Set<string>> {
    const present = await this.kernel.rules(signal);
    const del = (k: KernelRule) =>
      changes.try(`remove ${label(k)}`, () => this.kernel.ip(ruleArgs('del', k), { signal }));
    for (const { spec } of running) {
      if (KERNEL_PRIORITIES.has(spec.priority)) continue;
      const mine = present.filter((k) => sameKey(k, spec));
      if (mine.some((k) => sameRule(k, spec))) continue;
      for (const k of mine) await del(k);
      await changes.try(label(spec), () => this.kernel.ip(ruleArgs('add', spec), { signal }));
    }
    const removed = new Set<string>();
    for (const { metadata, spec } of leaving) {
      let gone = true;
      if (!KERNEL_PRIORITIES.has(spec.priority))
        for (const k of present.filter((p) => sameKey(p, spec))) gone = (await del(k)) && gone;
      if (gone) removed.add(metadata.id);
    }
    return removed;
  }
}
