// How Go's YAML encoder writes Talos's specs: fields in struct order, `omitempty` ones left out when
// zero (an empty string, 0, false, an empty list, or an object whose fields are all zero).

export function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).every(isZero);
  return false;
}

/** `fields` in order; a name ending in `?` is omitempty (and written without the `?`). */
export function goYAML(fields: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of fields) {
    const omit = key.endsWith('?');
    if (omit && isZero(value)) continue;
    out[omit ? key.slice(0, -1) : key] = value ?? '';
  }
  return out;
}
