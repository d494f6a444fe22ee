// Human-readable messages for ajv errors. Messages describe the expectation (type, allowed values,
// format) and never include the value found in the config.

import type { ErrorObject } from 'ajv';

import type { PathSegment } from './path';

const DURATION_HINT = '([nuµm]?s|m|h)';

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function typeName(t: string): string {
  return TYPE_NAMES[t] ?? t;
}

function describeBranch(schema: unknown): string {
  if (typeof schema !== 'object' || schema === null) return 'a value';
  const s = schema as Record<string, unknown>;
  const t = s['type'];
  if (typeof t === 'string') {
    if (t === 'array') {
      const items = s['items'] as Record<string, unknown> | undefined;
      const inner =
        typeof items?.['type'] === 'string' ? `${typeName(items['type'])}s`.replace(/^an? /, '') : '';
      return inner ? `a list of ${inner}` : 'a list';
    }
    return typeName(t);
  }
  if (Array.isArray(t)) return t.map((x) => typeName(String(x))).join(' or ');
  if (Array.isArray(s['enum'])) return `one of ${(s['enum'] as unknown[]).map(String).join(', ')}`;
  return 'a value of another form';
}

export interface DescribedError {
  /** Path of the field the problem is about. */
  path: PathSegment[];
  message: string;
  /** Report the position of the mapping key rather than the value. */
  atKey: boolean;
}

/** Turns one ajv error into a field path and a message. `base` is the error's instance path. */
export function describeSchemaError(err: ErrorObject, base: PathSegment[]): DescribedError {
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      return { path: [...base, key], message: `unknown field ${JSON.stringify(key)}`, atKey: true };
    }
    case 'required':
      return {
        path: base,
        message: `missing required field ${JSON.stringify(String(params['missingProperty']))}`,
        atKey: false,
      };
    case 'type': {
      const types = Array.isArray(params['type'])
        ? params['type'].map(String)
        : String(params['type']).split(',');
      return { path: base, message: `must be ${types.map(typeName).join(' or ')}`, atKey: false };
    }
    case 'enum': {
      const allowed = Array.isArray(params['allowedValues']) ? params['allowedValues'].map(String) : [];
      return { path: base, message: `must be one of ${allowed.join(', ')}`, atKey: false };
    }
    case 'pattern': {
      const pattern = String(params['pattern']);
      if (pattern.includes(DURATION_HINT)) {
        return { path: base, message: 'must be a duration such as 30s, 1m30s or 2h', atKey: false };
      }
      return { path: base, message: `does not match the expected format ${pattern}`, atKey: false };
    }
    case 'format':
      return { path: base, message: `must be a valid ${String(params['format'])}`, atKey: false };
    case 'oneOf':
    case 'anyOf': {
      const branches = Array.isArray(err.schema) ? (err.schema as unknown[]) : [];
      const forms = branches.map(describeBranch).join(' or ');
      return { path: base, message: forms ? `must be ${forms}` : 'has an unsupported form', atKey: false };
    }
    default:
      // ajv's own messages state the constraint ("must be >= 0", …) without the data.
      return { path: base, message: err.message ?? `fails the "${err.keyword}" constraint`, atKey: false };
  }
}
