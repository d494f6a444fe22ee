// A stored resource as the COSI API carries it: metadata plus the spec twice, as YAML (for
// talosctl's output) and as protobuf (for typed clients such as the Go machinery library).
import type * as cosi from '../gen/api/cosi/resource';
import type { Timestamp } from '../gen/api/google/protobuf';
import { yamlLibrary } from '../files/yaml-library';
import type { ResourceDefinition } from '../resources/definition';
import type { Resource } from '../state';

/** Encodes a message of the named protobuf type from a plain object with protobuf field names. */
export type MessageEncoder = (typeName: string, value: Record<string, unknown>) => Uint8Array;

export function toTimestamp(d: Date): Timestamp {
  const ms = d.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: (ms - seconds * 1000) * 1_000_000 };
}

export async function yamlSpec(def: ResourceDefinition | undefined, spec: unknown): Promise<string> {
  const { stringify } = await yamlLibrary();
  const value = def?.toYAML ? def.toYAML(spec) : spec;
  if (typeof value === 'string' && def?.toYAML) return value.endsWith('\n') ? value : `${value}\n`;
  return stringify(value, { lineWidth: 0 });
}

export async function encodeResource(
  r: Resource,
  def: ResourceDefinition | undefined,
  encode: MessageEncoder,
): Promise<cosi.ResourceInit> {
  const m = r.metadata;
  // A tombstone (what a watch of one missing resource starts with) has no spec: COSI sends it empty.
  const tombstone = r.spec === undefined;
  const protoSpec =
    def?.protoSpec !== undefined && !tombstone
      ? Buffer.from(
          encode(def.protoSpec, def.toProto ? def.toProto(r.spec) : (r.spec as Record<string, unknown>)),
        )
      : Buffer.alloc(0);
  return {
    metadata: {
      namespace: m.namespace,
      type: m.type,
      id: m.id,
      version: String(m.version),
      owner: m.owner,
      phase: m.phase,
      created: toTimestamp(m.created),
      updated: toTimestamp(m.updated),
      finalizers: [...m.finalizers],
      labels: { ...m.labels },
      annotations: { ...m.annotations },
    },
    spec: { yaml_spec: tombstone ? '' : await yamlSpec(def, r.spec), proto_spec: protoSpec },
  };
}
