// Reading values whose shape is not known yet (parsed YAML or JSON: machine config documents, manifests,
// answers of other programs): one test for "a plain object", and readers that give the typed value or
// nothing.

/** A plain object (not null, not an array). */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const asRecord = (v: unknown): Record<string, unknown> | undefined => (isRecord(v) ? v : undefined);

export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The string elements of a list (others left out). */
export const asStrings = (v: unknown): string[] =>
  asList(v).filter((s): s is string => typeof s === 'string');

/** The string, or '' for anything else (Go's zero value). */
export const stringOrEmpty = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The number, or 0 for anything else (Go's zero value). */
export const numberOrZero = (v: unknown): number => (typeof v === 'number' ? v : 0);
