// Machine config patches as `talosctl cluster create --config-patch…` and `gen config --config-patch` take
// them: `@file` or inline text (a value without a space, a newline or a leading `[`/`{` is a file name
// too); a YAML stream of config documents is a strategic merge patch, a list of operations is an RFC 6902
// JSON patch. Strategic merge: documents match on (apiVersion, kind, name), the v1alpha1 document on
// having no kind; maps merge key by key, lists are appended to, scalars replace; `$patch: delete` on a
// value removes it, on a document removes the document; an unmatched document is added. A JSON patch
// applies to a config of one document only, as Talos's.
import { readFile } from 'node:fs/promises';
import { isMap, isSeq, parseAllDocuments, stringify } from 'yaml';
import { errorMessage } from '../../error-message';

export class ConfigPatchError extends Error {
  override name = 'ConfigPatchError';
}

type Doc = Record<string, unknown>;
interface JsonOp {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

export type ConfigPatch =
  | { readonly kind: 'strategic'; readonly documents: readonly Doc[]; readonly source: string }
  | { readonly kind: 'json6902'; readonly ops: readonly JsonOp[]; readonly source: string };

const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads one `--config-patch` value (`@file`, a bare file name, or the patch itself). */
export async function loadConfigPatch(value: string): Promise<ConfigPatch> {
  let text = value;
  let source = 'inline patch';
  const bareFile = !/[\n ]/.test(value) && !value.startsWith('[') && !value.startsWith('{');
  if (value.startsWith('@') || bareFile) {
    const file = value.startsWith('@') ? value.slice(1) : value;
    source = `patch file ${file}`;
    try {
      text = await readFile(file, 'utf8');
    } catch (e: unknown) {
      throw new ConfigPatchError(`cannot read ${source}: ${errorMessage(e)}`);
    }
  }
  return parseConfigPatch(text, source);
}

/** Parses patch text; `source` names it in errors. */
export function parseConfigPatch(text: string, source = 'inline patch'): ConfigPatch {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) throw new ConfigPatchError(`${source}: not YAML`);
  for (const d of docs)
    if (d.errors.length > 0) throw new ConfigPatchError(`${source}: ${d.errors[0]!.message.split('\n')[0]}`);
  const nonEmpty = docs.filter((d) => d.contents !== null);
  if (nonEmpty.length === 0) throw new ConfigPatchError(`${source}: the patch is empty`);
  if (nonEmpty.length === 1 && isSeq(nonEmpty[0]!.contents)) {
    const ops = nonEmpty[0]!.toJS() as unknown[];
    ops.forEach((op, i) => {
      if (!isObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string')
        throw new ConfigPatchError(`${source}: JSON patch operation ${i} needs "op" and "path"`);
      if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(op.op))
        throw new ConfigPatchError(`${source}: unknown JSON patch operation ${JSON.stringify(op.op)}`);
    });
    return { kind: 'json6902', ops: ops as JsonOp[], source };
  }
  const documents: Doc[] = [];
  for (const d of nonEmpty) {
    if (!isMap(d.contents)) throw new ConfigPatchError(`${source}: a patch document must be a mapping`);
    const doc = d.toJS() as Doc;
    if (
      doc.kind === undefined &&
      !('machine' in doc || 'cluster' in doc || 'version' in doc || 'debug' in doc)
    )
      throw new ConfigPatchError(`${source}: a document needs "kind", or "machine"/"cluster" for v1alpha1`);
    documents.push(doc);
  }
  return { kind: 'strategic', documents, source };
}

const docId = (d: Doc): string =>
  d.kind === undefined ? 'v1alpha1' : JSON.stringify([d.apiVersion, d.kind, d.name ?? '']);

const isDelete = (v: unknown): boolean => isObject(v) && v['$patch'] === 'delete';

function merge(left: Doc, right: Doc): Doc {
  const out: Doc = { ...left };
  for (const [k, v] of Object.entries(right)) {
    if (k === '$patch') continue;
    if (isDelete(v)) delete out[k];
    else if (isObject(v) && isObject(out[k])) out[k] = merge(out[k], v);
    else if (Array.isArray(v) && Array.isArray(out[k]))
      out[k] = [...(out[k] as unknown[]), ...(v as unknown[])];
    else if (v !== null) out[k] = v;
  }
  return out;
}

function strategic(documents: Doc[], patch: readonly Doc[]): Doc[] {
  const out = [...documents];
  for (const p of patch) {
    const i = out.findIndex((d) => docId(d) === docId(p));
    if (i < 0) {
      if (!isDelete(p)) out.push(p);
    } else if (isDelete(p)) out.splice(i, 1);
    else out[i] = merge(out[i]!, p);
  }
  return out;
}

const unescape = (s: string): string => s.replaceAll('~1', '/').replaceAll('~0', '~');

function pointer(path: string, source: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new ConfigPatchError(`${source}: JSON pointer ${path} must start with /`);
  return path.slice(1).split('/').map(unescape);
}

function parentOf(root: unknown, parts: string[], path: string, source: string): [unknown, string] {
  let at = root;
  for (const p of parts.slice(0, -1)) {
    at = Array.isArray(at) ? at[Number(p)] : isObject(at) ? at[p] : undefined;
    if (at === undefined) throw new ConfigPatchError(`${source}: ${path}: no such path in the config`);
  }
  return [at, parts.at(-1)!];
}

function get(root: unknown, path: string, source: string): unknown {
  let at = root;
  for (const p of pointer(path, source)) {
    at = Array.isArray(at) ? at[Number(p)] : isObject(at) ? at[p] : undefined;
    if (at === undefined) throw new ConfigPatchError(`${source}: ${path}: no such path in the config`);
  }
  return at;
}

function remove(root: unknown, path: string, source: string): unknown {
  const [parent, key] = parentOf(root, pointer(path, source), path, source);
  if (Array.isArray(parent) && /^\d+$/.test(key) && Number(key) < parent.length)
    return parent.splice(Number(key), 1)[0];
  if (isObject(parent) && key in parent) {
    const v = parent[key];
    delete parent[key];
    return v;
  }
  throw new ConfigPatchError(`${source}: ${path}: nothing to remove`);
}

function add(root: unknown, path: string, value: unknown, source: string, replace: boolean): void {
  const [parent, key] = parentOf(root, pointer(path, source), path, source);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!/^(\d+|-)$/.test(key) || i > parent.length || (replace && i >= parent.length))
      throw new ConfigPatchError(`${source}: ${path}: index out of range`);
    parent.splice(i, replace ? 1 : 0, value);
  } else if (isObject(parent)) {
    if (replace && !(key in parent)) throw new ConfigPatchError(`${source}: ${path}: nothing to replace`);
    parent[key] = value;
  } else throw new ConfigPatchError(`${source}: ${path}: the parent is not a map or a list`);
}

function json6902(documents: Doc[], ops: readonly JsonOp[], source: string): Doc[] {
  if (documents.length !== 1)
    throw new ConfigPatchError(
      `${source}: JSON6902 patches are not supported for multi-document machine configuration`,
    );
  const root = { doc: structuredClone(documents[0]!) };
  for (const op of ops) {
    const path = `/doc${op.path}`;
    const from = op.from !== undefined ? `/doc${op.from}` : undefined;
    if (op.op === 'add') add(root, path, op.value, source, false);
    else if (op.op === 'replace') add(root, path, op.value, source, true);
    else if (op.op === 'remove') remove(root, path, source);
    else if (op.op === 'move' || op.op === 'copy') {
      if (from === undefined) throw new ConfigPatchError(`${source}: ${op.op} needs "from"`);
      const v = op.op === 'move' ? remove(root, from, source) : structuredClone(get(root, from, source));
      add(root, path, v, source, false);
    } else if (JSON.stringify(get(root, path, source)) !== JSON.stringify(op.value))
      throw new ConfigPatchError(`${source}: test of ${op.path} failed`);
  }
  return [root.doc];
}

/** Applies `patches` in order to the config text; returns the patched config's text. */
export function applyConfigPatches(configText: string, patches: readonly ConfigPatch[]): string {
  if (patches.length === 0) return configText;
  let docs = parseAllDocuments(configText)
    .map((d) => d.toJS() as unknown)
    .filter(isObject);
  for (const p of patches)
    docs = p.kind === 'strategic' ? strategic(docs, p.documents) : json6902(docs, p.ops, p.source);
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}
