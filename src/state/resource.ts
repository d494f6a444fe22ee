// A resource as the store keeps it: COSI-style metadata plus a plain-data spec.

export type Phase = 'running' | 'tearingDown';

export interface ResourceMetadata {
  readonly namespace: string;
  readonly type: string;
  readonly id: string;
  /** Incremented by the store on every write; 0 means "not stored yet". */
  readonly version: number;
  readonly owner: string;
  readonly phase: Phase;
  readonly created: Date;
  readonly updated: Date;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly finalizers: readonly string[];
}

export interface Resource<Spec = unknown> {
  readonly metadata: ResourceMetadata;
  readonly spec: Spec;
}

/** What a caller provides when creating a resource; the store fills the rest. */
export interface NewResource<Spec = unknown> {
  readonly namespace: string;
  readonly type: string;
  readonly id: string;
  readonly spec: Spec;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export interface ResourcePointer {
  readonly namespace: string;
  readonly type: string;
  readonly id: string;
}

export interface ResourceKind {
  readonly namespace: string;
  readonly type: string;
}

export function pointerString(p: ResourcePointer): string {
  return `${p.namespace}/${p.type}/${p.id}`;
}
