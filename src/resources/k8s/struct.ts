// Shapes shared by the kubelet resources: `google.protobuf.Struct` encoding of free-form maps
// (as Go's structpb: numbers become doubles) and OCI mounts (`talos.resource.definitions.proto.Mount`).

type ProtoValue = Record<string, unknown>;

function toValue(v: unknown): ProtoValue {
  if (v === null || v === undefined) return { nullValue: 'NULL_VALUE' };
  if (typeof v === 'number') return { numberValue: v };
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map(toValue) } };
  if (typeof v === 'object') return { structValue: toStruct(v as Record<string, unknown>) };
  return { stringValue: typeof v === 'bigint' ? v.toString() : '' };
}

/** A plain object as a `google.protobuf.Struct` message object. */
export function toStruct(obj: Record<string, unknown>): { fields: Record<string, ProtoValue> } {
  const fields: Record<string, ProtoValue> = {};
  for (const [k, v] of Object.entries(obj)) fields[k] = toValue(v);
  return { fields };
}

function fromValue(v: ProtoValue): unknown {
  if ('numberValue' in v) return v['numberValue'];
  if ('stringValue' in v) return v['stringValue'];
  if ('boolValue' in v) return v['boolValue'];
  if ('structValue' in v) return fromStruct(v['structValue'] as { fields?: Record<string, ProtoValue> });
  if ('listValue' in v) {
    const list = v['listValue'] as { values?: ProtoValue[] };
    return (list.values ?? []).map(fromValue);
  }
  return null;
}

/** A decoded `google.protobuf.Struct` back into a plain object. */
export function fromStruct(s: { fields?: Record<string, ProtoValue> } | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s?.fields ?? {})) out[k] = fromValue(v);
  return out;
}

/** Object keys sorted at every level, as Go marshals maps. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  const obj = v as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(obj)
      .sort()
      .map((k) => [k, sortKeys(obj[k])]),
  );
}

/** OCI runtime-spec mount (`specs.Mount`), YAML field names as Talos. */
export interface Mount {
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
}

export const mountToProto = (m: Mount): Record<string, unknown> => ({
  destination: m.destination,
  type: m.type ?? '',
  source: m.source ?? '',
  options: m.options ?? [],
});
