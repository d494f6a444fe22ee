// What every resource type declares: its type string, where it lives, how talosctl shows it,
// whether it is secret, and how its spec is encoded (YAML for humans, protobuf for typed clients).
import type { NewResource, ResourcePointer } from '../state';

export interface PrintColumn {
  readonly name: string;
  readonly jsonPath: string;
}

export interface ResourceDefinition<Spec = unknown> {
  readonly type: string;
  readonly defaultNamespace: string;
  /** Explicit aliases; the automatic ones (singular, plural, acronym) are derived. */
  readonly aliases?: readonly string[];
  readonly printColumns?: readonly PrintColumn[];
  /** Sensitive resources are served to os:admin only. */
  readonly sensitive?: boolean;
  /** Full name of the protobuf message that encodes the spec (`proto_spec`). */
  readonly protoSpec?: string;
  /** The spec as a plain object with protobuf field names; the spec itself when omitted. */
  readonly toProto?: (spec: Spec) => Record<string, unknown>;
  /** The spec as Talos's YAML shape (`yaml_spec`); the spec itself when omitted. */
  readonly toYAML?: (spec: Spec) => unknown;
}

export function defineResource<Spec>(def: ResourceDefinition<Spec>): ResourceDefinition<Spec> {
  return Object.freeze(def);
}

/** A new resource of a defined type, in its default namespace unless told otherwise. */
export function newResource<Spec>(
  def: ResourceDefinition<Spec>,
  id: string,
  spec: Spec,
  namespace = def.defaultNamespace,
): NewResource<Spec> {
  return { namespace, type: def.type, id, spec };
}

/** The one resource of a defined type with this id, in its default namespace. */
export const pointerTo = (def: ResourceDefinition<never>, id: string): ResourcePointer => ({
  namespace: def.defaultNamespace,
  type: def.type,
  id,
});
