// A protobufjs Root filled on demand from the JSON descriptor: asking for a type adds it and the
// types it depends on, nothing else. Start-up then costs an index of names, not 500 types.
import protobuf from 'protobufjs';

type Json = Record<string, unknown>;
interface Entry {
  readonly json: Json;
  /** Full name of the outermost message or enum that holds this definition. */
  readonly top: string;
  /** Package path of `top`. */
  readonly pkg: string;
}

const SCALARS = new Set([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

const isType = (j: Json): boolean => 'fields' in j;
const isEnum = (j: Json): boolean => 'values' in j;
const nested = (j: Json): Record<string, Json> => (j['nested'] ?? {}) as Record<string, Json>;

export class LazyRoot {
  readonly root = new protobuf.Root();
  private readonly index = new Map<string, Entry>();
  private readonly added = new Set<string>();

  constructor(readonly json: Json) {
    const walk = (node: Json, name: string, top: string | undefined, pkg: string): void => {
      if (name && (isType(node) || isEnum(node))) this.index.set(name, { json: node, top: top ?? name, pkg });
      const inMessage = isType(node) || isEnum(node);
      for (const [child, value] of Object.entries(nested(node))) {
        const full = name ? `${name}.${child}` : child;
        walk(value, full, inMessage ? (top ?? name) : undefined, inMessage ? pkg : name);
      }
    };
    walk(json, '', undefined, '');
  }

  /** The type, with everything it refers to added to the root. */
  lookupType(fullName: string): protobuf.Type {
    const name = fullName.replace(/^\./, '');
    this.ensure(name);
    return this.root.lookupType(name);
  }

  private ensure(name: string): void {
    const entry = this.index.get(name);
    if (!entry) throw new Error(`no protobuf type ${name}`);
    if (this.added.has(entry.top)) return;
    this.added.add(entry.top);
    const topEntry = this.index.get(entry.top)!;
    const local = entry.top.slice(entry.pkg ? entry.pkg.length + 1 : 0);
    const ns = entry.pkg ? this.root.define(entry.pkg) : this.root;
    const def = topEntry.json;
    ns.add(
      isType(def)
        ? protobuf.Type.fromJSON(local, def as unknown as protobuf.IType)
        : protobuf.Enum.fromJSON(local, def as unknown as protobuf.IEnum),
    );
    this.ensureDependencies(topEntry.json, entry.top);
  }

  private ensureDependencies(json: Json, scope: string): void {
    for (const field of Object.values((json['fields'] ?? {}) as Record<string, { type: string }>)) {
      if (!SCALARS.has(field.type)) this.ensure(this.resolve(field.type, scope));
    }
    for (const [child, value] of Object.entries(nested(json)))
      this.ensureDependencies(value, `${scope}.${child}`);
  }

  /** A type reference as protobuf scoping rules find it: absolute, or relative to enclosing scopes. */
  private resolve(ref: string, scope: string): string {
    if (ref.startsWith('.')) return ref.slice(1);
    for (let s = scope; ; s = s.slice(0, Math.max(0, s.lastIndexOf('.')))) {
      const candidate = s ? `${s}.${ref}` : ref;
      if (this.index.has(candidate)) return candidate;
      if (!s) break;
    }
    throw new Error(`cannot resolve protobuf type ${ref} from ${scope}`);
  }
}

export interface JsonMethod {
  readonly service: string;
  readonly name: string;
  readonly requestType: string;
  readonly responseType: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
}

/** Every service method in the descriptor, with absolute type names. */
export function jsonMethods(json: Json): JsonMethod[] {
  const out: JsonMethod[] = [];
  const walk = (node: Json, name: string): void => {
    const methods = node['methods'] as Record<string, Json> | undefined;
    if (methods) {
      const pkg = name.slice(0, name.lastIndexOf('.'));
      const abs = (t: string): string => (t.startsWith('.') ? t.slice(1) : `${pkg}.${t}`);
      for (const [m, def] of Object.entries(methods)) {
        out.push({
          service: name,
          name: m,
          requestType: abs(def['requestType'] as string),
          responseType: abs(def['responseType'] as string),
          requestStream: def['requestStream'] === true,
          responseStream: def['responseStream'] === true,
        });
      }
    }
    for (const [child, value] of Object.entries(nested(node))) walk(value, name ? `${name}.${child}` : child);
  };
  walk(json, '');
  return out;
}
