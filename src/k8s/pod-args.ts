// Command-line flags of a control-plane component (Talos `argsbuilder`): defaults, then the extra
// args merged by a per-flag policy (overwrite, additive comma list, or denied), rendered sorted.
import { ExtraArgDeniedError } from '../config/errors';
import type { ExtraArgs } from '../resources/etcd/config';

export type ArgValues = string[];
export type Args = Record<string, ArgValues>;
export type MergePolicy = 'overwrite' | 'additive' | 'denied';
export type MergePolicies = Readonly<Record<string, MergePolicy>>;

/** Unique, trimmed, non-empty items of comma-separated values, in order. */
function commaItems(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const item of values.join(',').split(',')) {
    const v = item.trim();
    if (v !== '' && !out.includes(v)) out.push(v);
  }
  return out;
}

/** A resource's extra args (`{ values }` per flag) as flags. */
export const extraArgValues = (extra: Readonly<ExtraArgs>): Args =>
  Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, [...v.values]]));

/** Merges `extra` into `base` in place (flags in sorted order, so a denial names the same flag each time). */
export function mergeArgs(base: Args, extra: Readonly<Args>, policies: MergePolicies = {}): void {
  for (const key of Object.keys(extra).sort()) {
    const values = extra[key] ?? [];
    switch (policies[key] ?? 'overwrite') {
      case 'denied':
        throw new ExtraArgDeniedError(key);
      case 'additive': {
        const merged = commaItems(base[key] ?? []);
        for (const v of commaItems(values)) if (!merged.includes(v)) merged.push(v);
        base[key] = [merged.join(',')];
        break;
      }
      default:
        base[key] = [...values];
    }
  }
}

/** `--flag=value` for each value, flags sorted. */
export const renderArgs = (args: Readonly<Args>): string[] =>
  Object.keys(args)
    .sort()
    .flatMap((k) => (args[k] ?? []).map((v) => `--${k}=${v}`));
