// How Talos tells documents apart, and which combinations of documents it refuses.
//
// A document with a `kind` is looked up by kind and `apiVersion`. A document without `kind` is the
// legacy v1alpha1 document when it says `version: v1alpha1` or has one of its top-level sections
// (`machine`, `cluster`, `debug`, `persist`); otherwise it lacks a kind. A stream holds at most one
// v1alpha1 document, no two documents with the same kind and name, and none of the pairs Talos
// declares conflicting (e.g. `LinkConfig/eth0` and `BondConfig/eth0`).

import { V1ALPHA1_KIND } from './machine-config';
import { loadSchema, V1ALPHA1_DEF } from './schema-loader';

const V1ALPHA1_SECTIONS = ['machine', 'cluster', 'debug', 'persist'];

/** Link kinds share one name space: a link name may be configured by only one of them. */
const LINK_KINDS = [
  'BondConfig',
  'BridgeConfig',
  'DummyLinkConfig',
  'LinkConfig',
  'VLANConfig',
  'VRFConfig',
  'WireguardConfig',
];

/** Kinds that must not share a name with a document of the listed kinds. */
const CONFLICTS: Record<string, string[]> = {
  ...Object.fromEntries(LINK_KINDS.map((k) => [k, LINK_KINDS.filter((o) => o !== k)])),
  HCloudVIPConfig: ['Layer2VIPConfig'],
  ExistingVolumeConfig: ['UserVolumeConfig'],
  UserVolumeConfig: ['ExistingVolumeConfig'],
};

export type IdentifyResult =
  | { ok: true; kind: string; apiVersion?: string; name?: string; def: string }
  | { ok: false; field: 'kind' | 'apiVersion' | 'name' | ''; message: string };

function stringField(data: Record<string, unknown>, field: string): string | undefined | null {
  if (!(field in data) || data[field] === null || data[field] === undefined) return undefined;
  const v = data[field];
  return typeof v === 'string' ? v : null;
}

/** Decides which kind a decoded document is. */
export function identifyDocument(data: Record<string, unknown>): IdentifyResult {
  const kind = stringField(data, 'kind');
  const apiVersion = stringField(data, 'apiVersion');
  const name = stringField(data, 'name');
  if (kind === null) return { ok: false, field: 'kind', message: 'kind must be a string' };
  if (apiVersion === null) return { ok: false, field: 'apiVersion', message: 'apiVersion must be a string' };

  if (kind === undefined || kind === '') {
    const legacy = data['version'] !== undefined || V1ALPHA1_SECTIONS.some((s) => s in data);
    if (!legacy)
      return { ok: false, field: '', message: 'missing kind: document is neither v1alpha1 nor a known kind' };
    return { ok: true, kind: V1ALPHA1_KIND, def: V1ALPHA1_DEF };
  }
  if (apiVersion === undefined || apiVersion === '') {
    return { ok: false, field: 'kind', message: `missing apiVersion for kind ${JSON.stringify(kind)}` };
  }
  const candidates = loadSchema().kinds.get(kind);
  if (!candidates)
    return { ok: false, field: 'kind', message: `unknown document kind ${JSON.stringify(kind)}` };
  const match = candidates.find((c) => c.apiVersion === apiVersion);
  if (!match) {
    const supported = candidates.map((c) => c.apiVersion).join(', ');
    return {
      ok: false,
      field: 'apiVersion',
      message: `unsupported apiVersion ${JSON.stringify(apiVersion)} for kind ${kind} (supported: ${supported})`,
    };
  }
  const result: IdentifyResult = { ok: true, kind, apiVersion, def: match.def };
  if (typeof name === 'string') result.name = name;
  return result;
}

/** Label of a document in messages: `v1alpha1`, `HostnameConfig`, `LinkConfig/eth0`. */
export function documentLabel(kind: string, name?: string): string {
  return name === undefined || name === '' ? kind : `${kind}/${name}`;
}

export interface StreamEntry {
  index: number;
  kind: string;
  name?: string;
}

export interface StreamIssue {
  index: number;
  message: string;
}

/** Container rules over the identified documents of a stream. */
export function checkDocumentSet(entries: readonly StreamEntry[]): StreamIssue[] {
  const issues: StreamIssue[] = [];
  let v1alpha1Seen = false;
  const seen = new Map<string, number>();
  const claimedBy = new Map<string, string>();
  for (const e of entries) {
    if (e.kind === V1ALPHA1_KIND) {
      if (v1alpha1Seen)
        issues.push({ index: e.index, message: 'duplicate v1alpha1 document: only one is allowed' });
      v1alpha1Seen = true;
      continue;
    }
    const id = `${e.kind}/${e.name ?? ''}`;
    if (seen.has(id)) {
      issues.push({ index: e.index, message: `duplicate document ${documentLabel(e.kind, e.name)}` });
      continue;
    }
    seen.set(id, e.index);
    const conflictingWith = claimedBy.get(id);
    if (conflictingWith !== undefined) {
      issues.push({
        index: e.index,
        message: `conflicting documents: ${conflictingWith} and ${documentLabel(e.kind, e.name)}`,
      });
      continue;
    }
    let conflicted = false;
    for (const other of CONFLICTS[e.kind] ?? []) {
      const otherId = `${other}/${e.name ?? ''}`;
      if (seen.has(otherId) && !conflicted) {
        issues.push({
          index: e.index,
          message: `conflicting documents: ${documentLabel(other, e.name)} and ${documentLabel(e.kind, e.name)}`,
        });
        conflicted = true;
      }
      claimedBy.set(otherId, documentLabel(e.kind, e.name));
    }
  }
  return issues;
}
