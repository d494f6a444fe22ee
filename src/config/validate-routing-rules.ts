// RoutingRuleConfig documents: the name is the rule's priority (an unsigned 32-bit number, not one the
// kernel's own rules or KubeSpan hold), the prefixes parse as `address/bits`, the table is a routing
// table Talos knows, a rule either looks up a table or has a non-unicast action, and a mark mask comes
// with a mark. Talos refuses the same at validation (the table and prefixes when it decodes).
import { isCIDR } from './net-checks';
import { str, type DocReport } from './validate-report';

const RESERVED = [0, 32500, 32766, 32767];
const TABLE_NAMES = new Set(['unspec', 'default', 'main', 'local']);
const UINT32_MAX = 0xffffffff;

const isTable = (t: string): boolean =>
  TABLE_NAMES.has(t.toLowerCase()) || (/^\d{1,3}$/.test(t) && Number(t) >= 1 && Number(t) <= 252);

const isUint32 = (v: unknown): boolean =>
  v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= UINT32_MAX);

export function checkRoutingRuleConfig(
  r: DocReport,
  name: string | undefined,
  data: Readonly<Record<string, unknown>>,
): void {
  if (name !== undefined && name !== '') {
    if (!/^\d+$/.test(name) || Number(name) > UINT32_MAX)
      r.error(['name'], 'invalid name: must be a priority (an unsigned integer)');
    else if (RESERVED.includes(Number(name)))
      r.error(
        ['name'],
        `priority must be between 1 and 32765 (excluding reserved priorities ${RESERVED.join(', ')})`,
      );
  }
  for (const field of ['src', 'dst']) {
    const prefix = str(data[field]);
    if (prefix !== undefined && prefix !== '' && !isCIDR(prefix))
      r.error([field], `must be a valid IP prefix (address/length): ${JSON.stringify(prefix)}`);
  }
  const table = str(data['table']) ?? '';
  if (table !== '' && !isTable(table))
    r.error(
      ['table'],
      `${JSON.stringify(table)} is not a routing table (unspec, 1-252, default, main, local)`,
    );
  const action = str(data['action']) ?? '';
  if (
    (table === '' || table.toLowerCase() === 'unspec') &&
    (action === '' || action === 'unspec' || action === 'unicast')
  )
    r.error([], 'either table or a non-unicast action must be specified');
  for (const field of ['fwMark', 'fwMask'])
    if (!isUint32(data[field])) r.error([field], 'must be an unsigned 32-bit integer');
  const mark = data['fwMark'];
  if (typeof data['fwMask'] === 'number' && data['fwMask'] !== 0 && (mark === undefined || mark === 0))
    r.error(['fwMask'], 'fwMask requires fwMark to be set');
}
