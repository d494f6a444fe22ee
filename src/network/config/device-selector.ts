// Talos's device selectors: a link picked by its bus path, MAC addresses, PCI ID, driver or being
// physical (each a glob where it is text), matched against the links the kernel has.
import { isPhysicalLink, type LinkStatusSpec } from '../../resources/network/link-status';

export interface SelectableLink extends Pick<
  LinkStatusSpec,
  'hardwareAddr' | 'permanentAddr' | 'busPath' | 'pciID' | 'driver' | 'kind' | 'type'
> {
  readonly name: string;
}

/** A shell-style glob (`*`, `?`, `[…]`) as a whole-string matcher. */
function globMatch(pattern: string, value: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(value);
}

const SELECTOR_FIELDS = ['busPath', 'hardwareAddr', 'permanentAddr', 'pciID', 'driver'] as const;

/** Whether `link` matches every field the selector sets. */
export function selectorMatches(selector: Readonly<Record<string, unknown>>, link: SelectableLink): boolean {
  for (const field of SELECTOR_FIELDS) {
    const want = selector[field];
    if (typeof want !== 'string' || want === '') continue;
    const have = link[field];
    const value = field === 'hardwareAddr' || field === 'permanentAddr' ? have.toLowerCase() : have;
    if (!globMatch(field.endsWith('Addr') ? want.toLowerCase() : want, value)) return false;
  }
  if (typeof selector['physical'] === 'boolean' && selector['physical'] !== isPhysicalLink(link))
    return false;
  return true;
}

/** The links a selector picks, by name. */
export function selectLinks(
  selector: Readonly<Record<string, unknown>>,
  links: readonly SelectableLink[],
): string[] {
  return links
    .filter((l) => selectorMatches(selector, l))
    .map((l) => l.name)
    .sort();
}
