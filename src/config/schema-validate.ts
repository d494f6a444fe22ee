// Validates one decoded document against its schema definition with ajv (draft 2020-12).
//
// Before reporting, type mismatches that Go's decoder would accept are settled the way Go settles
// them (see yaml-compat.ts): a null value is the field's zero value (the key is dropped), a scalar
// given to a string field becomes its source text, and y/yes/on/n/no/off given to a boolean field
// become booleans. What is left is reported with dotted paths and YAML positions.

import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Document, LineCounter } from 'yaml';

import { VALIDATORS } from '../gen/config-validators';
import type { ConfigProblem } from './errors';
import { describeSchemaError } from './schema-messages';
import { formatPath, pointerToPath, type PathSegment } from './path';
import { goBoolFromString } from './yaml-compat';
import { locate, nodePosition, scalarSource } from './yaml-source';

/** The validator of a `$defs` entry, compiled ahead of time (scripts/gen-config-validators.ts). */
function validatorFor(def: string): ValidateFunction {
  const fn = VALIDATORS[def];
  if (!fn) throw new Error(`no schema definition ${def}`);
  return fn;
}

export interface SchemaSource {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** Document label for problems, e.g. `LinkConfig/eth0`; undefined for v1alpha1. */
  document?: string | undefined;
}

function parentOf(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const seg of path.slice(0, -1)) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[seg];
  }
  return current;
}

function expectedTypes(err: ErrorObject): string[] {
  const t = (err.params as { type?: unknown }).type;
  if (Array.isArray(t)) return t.map(String);
  return typeof t === 'string' ? t.split(',') : [];
}

/** Applies Go's decoding leniency for one type error; returns whether the data changed. */
function settleTypeError(err: ErrorObject, data: unknown, source: SchemaSource): boolean {
  const path = pointerToPath(err.instancePath, data);
  const parent = parentOf(data, path);
  const last = path[path.length - 1];
  if (last === undefined || typeof parent !== 'object' || parent === null) return false;
  const container = parent as Record<string | number, unknown>;
  const value = container[last];
  const types = expectedTypes(err);

  if (value === null) {
    if (!Array.isArray(parent)) {
      delete container[last];
      return true;
    }
    if (types.includes('string')) {
      container[last] = '';
      return true;
    }
    return false;
  }
  if (types.includes('string') && (typeof value === 'number' || typeof value === 'boolean')) {
    container[last] = scalarSource(source.doc, path) ?? String(value);
    return true;
  }
  if (types.includes('boolean') && typeof value === 'string') {
    const b = goBoolFromString(value);
    if (b !== undefined) {
      container[last] = b;
      return true;
    }
  }
  return false;
}

function toProblem(err: ErrorObject, data: unknown, source: SchemaSource): ConfigProblem {
  const base = pointerToPath(err.instancePath, data);
  const { path, message, atKey } = describeSchemaError(err, base);
  const located = locate(source.doc, path);
  const node = atKey && located.exact ? (located.key ?? located.node) : located.node;
  const problem: ConfigProblem = {
    path: formatPath(path),
    ...nodePosition(source.lineCounter, node),
    message,
  };
  if (source.document !== undefined) problem.document = source.document;
  return problem;
}

/** Drops errors that only explain why a `oneOf`/`anyOf` branch failed; the combinator error stays. */
function pruneBranchErrors(errors: ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  return errors.filter(
    (e) =>
      e.keyword === 'oneOf' ||
      e.keyword === 'anyOf' ||
      !combinators.some(
        (c) => e.schemaPath.startsWith(c.schemaPath + '/') && e.instancePath.startsWith(c.instancePath),
      ),
  );
}

export interface SchemaResult {
  /** The data after Go-compatible normalization. */
  data: Record<string, unknown>;
  problems: ConfigProblem[];
}

/** Validates (and normalizes in place) a document's data against `$defs/<def>`. */
export function validateWithSchema(
  def: string,
  data: Record<string, unknown>,
  source: SchemaSource,
): SchemaResult {
  const validate = validatorFor(def);
  // Each round settles at least one error or stops; the bound only guards against surprises.
  for (let round = 0; round < 64; round++) {
    if (validate(data)) return { data, problems: [] };
    const typeErrors = (validate.errors ?? []).filter((e) => e.keyword === 'type');
    let changed = false;
    for (const err of typeErrors) changed = settleTypeError(err, data, source) || changed;
    if (!changed) break;
  }
  if (validate(data)) return { data, problems: [] };

  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const err of pruneBranchErrors(validate.errors ?? [])) {
    const problem = toProblem(err, data, source);
    const id = `${problem.path}\u0000${problem.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(problem);
  }
  return { data, problems };
}
