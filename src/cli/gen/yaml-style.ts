// YAML output laid out like go.yaml.in/yaml (v3/v4) Marshal, which talosctl uses, so generated files
// match talosctl's byte for byte:
//   - 4-space indentation; block sequences indented under their key;
//   - a mapping that is a sequence item starts after "- ", its further keys align with the first one,
//     and blocks nested under those keys are indented 4 columns from the dash (libyaml's behaviour);
//   - empty collections as {} / [];
//   - strings plain when possible; double quotes when the plain form would read as another type
//     (bool, null, number, YAML 1.1 yes/no/on/off), single quotes when only the syntax forbids plain.
// Only plain data is supported: objects (insertion order kept), arrays, strings, numbers, booleans, null.

import { parseAllDocuments } from 'yaml';
import { isRecord } from '../../untyped-values';

const OTHER_TYPE =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0b[01_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0o?[0-7_]+|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$/;

function needsDoubleQuotes(s: string): boolean {
  // control characters, line breaks and non-BMP oddities are escaped in double quotes
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(s);
}

function plainAllowed(s: string): boolean {
  if (s === '') return false;
  if (/^\s|\s$/.test(s)) return false;
  const first = s[0] ?? '';
  if ('#,[]{}&*!|>\'"%@`'.includes(first)) return false;
  if ((first === '-' || first === '?' || first === ':') && (s.length === 1 || /\s/.test(s[1] ?? '')))
    return false;
  if (s.startsWith('---') || s.startsWith('...')) return false;
  if (/:(\s|$)/.test(s)) return false;
  if (/\s#/.test(s)) return false;
  return true;
}

function doubleQuoted(s: string): string {
  return JSON.stringify(s);
}

export function formatScalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan';
    if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
    return String(v);
  }
  if (typeof v === 'bigint') return v.toString();
  if (typeof v !== 'string') throw new Error(`cannot encode ${typeof v} as YAML`);
  if (needsDoubleQuotes(v)) return doubleQuoted(v);
  if (v === '' || OTHER_TYPE.test(v)) return doubleQuoted(v);
  if (plainAllowed(v)) return v;
  return `'${v.replace(/'/g, "''")}'`;
}

type Container = Record<string, unknown> | unknown[];

function isEmptyContainer(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (isRecord(v) && Object.keys(v).length === 0);
}

function isBlock(v: unknown): v is Container {
  return (Array.isArray(v) || isRecord(v)) && !isEmptyContainer(v);
}

function inline(v: unknown): string {
  if (Array.isArray(v)) return '[]';
  if (isRecord(v)) return '{}';
  return formatScalar(v);
}

const sp = (n: number): string => ' '.repeat(n);

/**
 * Emits a mapping. `keyCol` is the column of every key but the first (the first key may be written
 * after a "- " prefix by the caller); nested blocks start at `childCol`.
 */
function emitMap(
  out: string[],
  map: Record<string, unknown>,
  keyCol: number,
  childCol: number,
  firstPrefix: string | null,
): void {
  let first = true;
  for (const [k, v] of Object.entries(map)) {
    if (v === undefined) continue;
    const lead = first && firstPrefix !== null ? firstPrefix : sp(keyCol);
    first = false;
    const key = formatScalar(k);
    if (isBlock(v)) {
      out.push(`${lead}${key}:`);
      emitBlock(out, v, childCol);
    } else {
      out.push(`${lead}${key}: ${inline(v)}`);
    }
  }
}

function emitSeq(out: string[], seq: unknown[], col: number): void {
  for (const item of seq) {
    const dash = `${sp(col)}- `;
    if (isRecord(item) && !isEmptyContainer(item)) {
      emitMap(out, item, col + 2, col + 4, dash);
    } else if (Array.isArray(item) && item.length > 0) {
      out.push(`${sp(col)}-`);
      emitSeq(out, item, col + 4);
    } else {
      out.push(`${dash}${inline(item)}`);
    }
  }
}

function emitBlock(out: string[], v: Container, col: number): void {
  if (Array.isArray(v)) emitSeq(out, v, col);
  else emitMap(out, v, col, col + 4, null);
}

/** One YAML document (no "---" marker), ending with a newline. */
export function toGoYaml(value: unknown): string {
  if (!isBlock(value)) return `${inline(value)}\n`;
  const out: string[] = [];
  emitBlock(out, value, 0);
  return `${out.join('\n')}\n`;
}

/** Joins documents the way Talos's config container does: "---\n" between documents. */
export function toGoYamlMultiDoc(values: readonly unknown[]): string {
  return values.map((v) => toGoYaml(v)).join('---\n');
}

/** Parses every document of a (possibly multi-document) YAML text; throws on the first syntax error. */
export function parseYamlDocuments(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw new Error(`invalid YAML: ${d.errors[0]?.message ?? 'unknown error'}`);
    return d.toJS() as unknown;
  });
}
