// What the node-apply controller changes on a Node object, as a JSON merge patch: the labels and taints
// the node wants (NodeLabelSpecs, NodeTaintSpecs) merged into the Node as Talos does. A key the node
// did not set yet is taken over and remembered as owned in an annotation (`talos.dev/owned-labels`,
// `talos.dev/owned-taints`: a sorted JSON list of keys); a key someone else set to another value is
// left alone unless it is owned; an owned key no longer wanted is removed. The patch carries the
// Node's resourceVersion, so a Node changed in between is refused (409) instead of overwritten.

export const OWNED_LABELS_ANNOTATION = 'talos.dev/owned-labels';
export const OWNED_TAINTS_ANNOTATION = 'talos.dev/owned-taints';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export interface NodeObject {
  metadata?: {
    name?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: { taints?: Taint[] };
}

export interface WantedTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: string;
}

/** An owned-keys annotation that is not a JSON list of strings. */
export class OwnedAnnotationError extends Error {
  constructor(
    readonly annotation: string,
    detail: string,
  ) {
    super(`annotation ${annotation} is not a list of keys: ${detail}`);
    this.name = 'OwnedAnnotationError';
  }
}

export interface NodePatch {
  /** The merge patch; undefined when the Node already is as wanted. */
  readonly patch: Record<string, unknown> | undefined;
  /** Labels and taints left alone: set on the Node to another value by someone else. */
  readonly skipped: readonly string[];
}

function ownedKeys(annotations: Record<string, string>, annotation: string): Set<string> {
  const text = annotations[annotation];
  if (text === undefined || text === '') return new Set();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e: unknown) {
    throw new OwnedAnnotationError(annotation, (e as Error).message);
  }
  if (value === null) return new Set();
  if (!Array.isArray(value) || value.some((k) => typeof k !== 'string'))
    throw new OwnedAnnotationError(annotation, 'not a list of strings');
  return new Set(value as string[]);
}

/** The owned-keys annotation's new value; undefined when there is nothing to own (no annotation). */
const ownedText = (owned: ReadonlySet<string>): string | undefined =>
  owned.size === 0 ? undefined : JSON.stringify([...owned].sort());

function mergeLabels(
  labels: Record<string, string>,
  owned: Set<string>,
  wanted: Readonly<Record<string, string>>,
  skipped: string[],
): void {
  for (const [key, value] of Object.entries(wanted)) {
    if (!(key in labels) || labels[key] === value) {
      labels[key] = value;
      owned.add(key);
    } else if (owned.has(key)) labels[key] = value;
    else skipped.push(`label ${key}`);
  }
  for (const key of [...owned]) {
    if (!(key in wanted)) {
      delete labels[key];
      owned.delete(key);
    }
  }
}

function mergeTaints(
  taints: Taint[],
  owned: Set<string>,
  wanted: readonly WantedTaint[],
  skipped: string[],
): Taint[] {
  const result = taints.map((t) => ({ ...t }));
  for (const w of wanted) {
    const current = result.findLast((t) => t.key === w.key);
    if (current === undefined) {
      result.push({ key: w.key, ...(w.value !== '' ? { value: w.value } : {}), effect: w.effect });
      owned.add(w.key);
    } else if (owned.has(w.key)) {
      if (w.value !== '') current.value = w.value;
      else delete current.value;
      current.effect = w.effect;
    } else if ((current.value ?? '') === w.value && current.effect === w.effect) owned.add(w.key);
    else skipped.push(`taint ${w.key}`);
  }
  return result.filter((t) => {
    if (!owned.has(t.key) || wanted.some((w) => w.key === t.key)) return true;
    owned.delete(t.key);
    return false;
  });
}

/** The merge patch that brings `node` to the wanted labels and taints (see the file's comment). */
export function nodePatch(
  node: NodeObject,
  wantedLabels: Readonly<Record<string, string>>,
  wantedTaints: readonly WantedTaint[],
): NodePatch {
  const oldLabels = node.metadata?.labels ?? {};
  const oldAnnotations = node.metadata?.annotations ?? {};
  const oldTaints = node.spec?.taints ?? [];
  const skipped: string[] = [];

  const labels = { ...oldLabels };
  const ownedLabels = ownedKeys(oldAnnotations, OWNED_LABELS_ANNOTATION);
  mergeLabels(labels, ownedLabels, wantedLabels, skipped);
  const ownedTaints = ownedKeys(oldAnnotations, OWNED_TAINTS_ANNOTATION);
  const taints = mergeTaints(oldTaints, ownedTaints, wantedTaints, skipped);

  const labelsPatch: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(labels)) if (oldLabels[key] !== value) labelsPatch[key] = value;
  for (const key of Object.keys(oldLabels)) if (!(key in labels)) labelsPatch[key] = null;

  const annotationsPatch: Record<string, string | null> = {};
  for (const [annotation, owned] of [
    [OWNED_LABELS_ANNOTATION, ownedLabels],
    [OWNED_TAINTS_ANNOTATION, ownedTaints],
  ] as const) {
    const text = ownedText(owned);
    if (text !== oldAnnotations[annotation]) annotationsPatch[annotation] = text ?? null;
  }
  const taintsChanged = JSON.stringify(taints) !== JSON.stringify(oldTaints);

  const metadata: Record<string, unknown> = {};
  if (Object.keys(labelsPatch).length > 0) metadata['labels'] = labelsPatch;
  if (Object.keys(annotationsPatch).length > 0) metadata['annotations'] = annotationsPatch;
  if (Object.keys(metadata).length === 0 && !taintsChanged) return { patch: undefined, skipped };

  const resourceVersion = node.metadata?.resourceVersion;
  const patch: Record<string, unknown> = {
    metadata: { ...metadata, ...(resourceVersion !== undefined ? { resourceVersion } : {}) },
  };
  if (taintsChanged) patch['spec'] = { taints: taints.length > 0 ? taints : null };
  return { patch, skipped };
}
