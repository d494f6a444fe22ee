// The JSON Schema of Talos v1.13 machine config documents, as the decoder really accepts them.
//
// `schema/talos-v1.13-config.schema.json` is the published schema (facts, unchanged).
// `schema/talos-v1.13-overlay.json` lists where the Talos decoder differs from it: fields and kinds
// that are still decoded but left out of the published schema, and property types that do not
// match the Go types. Merging happens on first use, not at import time.

import baseSchemaJson from './schema/talos-v1.13-config.schema.json' with { type: 'json' };
import overlayJson from './schema/talos-v1.13-overlay.json' with { type: 'json' };
import { isRecord } from '../untyped-values';

export type JsonSchema = Record<string, unknown>;

interface Overlay {
  properties: Record<string, Record<string, JsonSchema>>;
  required: Record<string, string[]>;
  defs: Record<string, JsonSchema>;
  roots: string[];
}

/** A document kind the decoder knows. */
export interface KindInfo {
  kind: string;
  apiVersion: string;
  /** Name of the definition under `$defs`. */
  def: string;
}

export interface LoadedSchema {
  /** The merged schema (draft 2020-12), with `$id` and `$defs`. */
  schema: JsonSchema & { $id: string; $defs: Record<string, JsonSchema> };
  /** Known multi-document kinds, by kind name. */
  kinds: ReadonlyMap<string, readonly KindInfo[]>;
}

/** `$defs` entry describing the legacy (kind-less) v1alpha1 document. */
export const V1ALPHA1_DEF = 'v1alpha1.Config';

let loaded: LoadedSchema | undefined;

/**
 * The published patterns for addresses only allow lower-case hex digits, but Go's address and MAC
 * parsers accept both cases; widen the character classes accordingly.
 */
function widenHexPatterns(node: unknown): void {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) {
      stack.push(...(current as unknown[]));
    } else if (isRecord(current)) {
      const pattern = current['pattern'];
      if (typeof pattern === 'string' && pattern.includes('0-9a-f') && !pattern.includes('A-F')) {
        current['pattern'] = pattern.replaceAll('0-9a-f', '0-9a-fA-F');
      }
      stack.push(...Object.values(current));
    }
  }
}

function enumValue(schema: unknown): string | undefined {
  if (!isRecord(schema)) return undefined;
  const values = schema['enum'];
  return Array.isArray(values) && typeof values[0] === 'string' ? values[0] : undefined;
}

function buildSchema(): LoadedSchema {
  const schema = structuredClone(baseSchemaJson as unknown) as LoadedSchema['schema'] & {
    oneOf: JsonSchema[];
  };
  const overlay = overlayJson as unknown as Overlay;
  const defs = schema.$defs;

  for (const [name, def] of Object.entries(overlay.defs)) defs[name] = structuredClone(def);
  for (const [name, props] of Object.entries(overlay.properties)) {
    const def = defs[name];
    if (!def) throw new Error(`schema overlay refers to unknown definition ${name}`);
    const properties = (def['properties'] ?? {}) as Record<string, JsonSchema>;
    for (const [prop, propSchema] of Object.entries(props)) properties[prop] = structuredClone(propSchema);
    def['properties'] = properties;
  }
  for (const [name, required] of Object.entries(overlay.required)) {
    const def = defs[name];
    if (!def) throw new Error(`schema overlay refers to unknown definition ${name}`);
    def['required'] = [...required];
  }
  for (const root of overlay.roots) schema.oneOf.push({ $ref: `#/$defs/${root}` });
  widenHexPatterns(defs);

  const kinds = new Map<string, KindInfo[]>();
  for (const [def, body] of Object.entries(defs)) {
    const props = isRecord(body) ? body['properties'] : undefined;
    if (!isRecord(props)) continue;
    const kind = enumValue(props['kind']);
    const apiVersion = enumValue(props['apiVersion']);
    if (kind === undefined || apiVersion === undefined) continue;
    const list = kinds.get(kind) ?? [];
    list.push({ kind, apiVersion, def });
    kinds.set(kind, list);
  }
  return { schema, kinds };
}

/** The merged schema and kind index, built once on first use. */
export function loadSchema(): LoadedSchema {
  loaded ??= buildSchema();
  return loaded;
}

/** All multi-document kinds known to this build, sorted. */
export function knownKinds(): string[] {
  return [...loadSchema().kinds.keys()].sort();
}
