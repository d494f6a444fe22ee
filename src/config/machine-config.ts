// The parsed machine configuration: an immutable list of documents plus typed accessors for the
// fields the node agent needs.

import { Document } from 'yaml';

import type { PathSegment } from './path';
import type { V1Alpha1Config } from './v1alpha1-types';
import { GO_COMPAT_PARSE_OPTIONS } from './yaml-compat';
import type { Position } from './yaml-source';
import { asRecord } from '../untyped-values';

/** Kind used for the legacy document that has `version: v1alpha1` and no `kind`. */
export const V1ALPHA1_KIND = 'v1alpha1';

export type MachineType = 'controlplane' | 'worker' | 'init';

/** One document of a (multi-document) machine config. */
export interface ConfigDocument {
  /** `apiVersion` of a multi-document kind; absent for the v1alpha1 document. */
  readonly apiVersion?: string;
  /** Document kind; `v1alpha1` for the legacy document. */
  readonly kind: string;
  /** `name` of named documents (e.g. `LinkConfig`). */
  readonly name?: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Maps a document index and field path to its position in the source text. */
export type PositionLookup = (
  docIndex: number,
  path: readonly PathSegment[],
  atKey?: boolean,
) => Position | undefined;

export interface MachineConfigInit {
  /** Non-fatal findings of validation (Talos prints these as warnings). */
  warnings?: readonly string[];
  /** The text the config was parsed from. */
  source?: string;
  /** Source positions, when the config was parsed from text. */
  positions?: PositionLookup;
}

function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'object' && current !== null && !Object.isFrozen(current)) {
      Object.freeze(current);
      const children: unknown[] = Object.values(current);
      for (const child of children) stack.push(child);
    }
  }
  return value;
}

function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function decodeBase64Text(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  return Buffer.from(v, 'base64').toString('utf8');
}

/** Talos's reading of `machine.type`: `join` and an empty value mean `worker`. */
export function normalizeMachineType(raw: unknown): MachineType | undefined {
  if (raw === undefined || raw === '' || raw === 'join' || raw === 'worker') return 'worker';
  if (raw === 'controlplane' || raw === 'init') return raw;
  return undefined;
}

/** An immutable, parsed machine configuration. */
export class MachineConfig {
  readonly documents: readonly ConfigDocument[];
  readonly warnings: readonly string[];
  readonly #source: string | undefined;
  readonly #positions: PositionLookup | undefined;

  constructor(documents: readonly ConfigDocument[], init: MachineConfigInit = {}) {
    const docs = documents.map((d) => {
      const copy: { apiVersion?: string; kind: string; name?: string; data: Record<string, unknown> } = {
        kind: d.kind,
        data: structuredClone(d.data),
      };
      if (d.apiVersion !== undefined) copy.apiVersion = d.apiVersion;
      if (d.name !== undefined) copy.name = d.name;
      return copy;
    });
    this.documents = deepFreeze(docs);
    this.warnings = Object.freeze([...(init.warnings ?? [])]);
    this.#source = init.source;
    this.#positions = init.positions;
    Object.freeze(this);
  }

  /** A copy of this config carrying the given warnings. */
  withWarnings(warnings: readonly string[]): MachineConfig {
    const init: MachineConfigInit = { warnings };
    if (this.#source !== undefined) init.source = this.#source;
    if (this.#positions !== undefined) init.positions = this.#positions;
    return new MachineConfig(this.documents, init);
  }

  /** The legacy v1alpha1 document, if present. */
  v1alpha1(): V1Alpha1Config | undefined {
    return this.documents.find((d) => d.kind === V1ALPHA1_KIND)?.data;
  }

  /** Documents of a kind, in config order. */
  documentsOfKind(kind: string): ConfigDocument[] {
    return this.documents.filter((d) => d.kind === kind);
  }

  /** The document of a kind (and name, for named kinds). */
  document(kind: string, name?: string): ConfigDocument | undefined {
    return this.documents.find((d) => d.kind === kind && (name === undefined || d.name === name));
  }

  /** `machine.type` as Talos reads it (`join`/empty mean worker); undefined without a v1alpha1 document. */
  machineType(): MachineType | undefined {
    const cfg = this.v1alpha1();
    if (!cfg) return undefined;
    return normalizeMachineType(cfg.machine?.type);
  }

  /** `machine.ca` with certificate and key decoded from base64 to PEM text. */
  machineCA(): { crt: string; key?: string } | undefined {
    const ca = asRecord(this.v1alpha1()?.machine?.ca);
    const crt = decodeBase64Text(ca?.['crt']);
    if (crt === undefined) return undefined;
    const key = decodeBase64Text(ca?.['key']);
    return key === undefined ? { crt } : { crt, key };
  }

  /** `machine.token`: the token nodes use to obtain certificates from trustd. */
  machineToken(): string | undefined {
    return asString(this.v1alpha1()?.machine?.token);
  }

  /** `machine.certSANs`. */
  machineCertSANs(): string[] {
    return [...(this.v1alpha1()?.machine?.certSANs ?? [])];
  }

  /** `machine.network.hostname` of the v1alpha1 document. */
  networkHostname(): string | undefined {
    const h = asString(this.v1alpha1()?.machine?.network?.hostname);
    return h === '' ? undefined : h;
  }

  /** The configured static hostname: a `HostnameConfig` document wins over `machine.network.hostname`. */
  hostname(): string | undefined {
    const doc = this.document('HostnameConfig');
    if (doc) {
      const h = asString(doc.data['hostname']);
      return h === '' ? undefined : h;
    }
    return this.networkHostname();
  }

  /** `cluster.controlPlane.endpoint` as text. */
  controlPlaneEndpoint(): string | undefined {
    return asString(this.v1alpha1()?.cluster?.controlPlane?.endpoint);
  }

  /** `cluster.controlPlane.endpoint` parsed as a URL, if it parses. */
  controlPlaneURL(): URL | undefined {
    const ep = this.controlPlaneEndpoint();
    if (ep === undefined) return undefined;
    try {
      return new URL(ep);
    } catch {
      return undefined;
    }
  }

  /** `cluster.clusterName`. */
  clusterName(): string | undefined {
    return asString(this.v1alpha1()?.cluster?.clusterName);
  }

  /** `machine.install.disk`. */
  installDisk(): string | undefined {
    const d = asString(this.v1alpha1()?.machine?.install?.disk);
    return d === '' ? undefined : d;
  }

  /** `machine.install.image`: the installer image an install without the ISO pulls its boot assets from. */
  installImage(): string | undefined {
    const i = asString(this.v1alpha1()?.machine?.install?.image);
    return i === '' ? undefined : i;
  }

  /** Canonical YAML: the v1alpha1 document first, then the others in order, separated by `---`. */
  bytes(): Buffer {
    const ordered = [
      ...this.documents.filter((d) => d.kind === V1ALPHA1_KIND),
      ...this.documents.filter((d) => d.kind !== V1ALPHA1_KIND),
    ];
    const text = ordered
      .map((d) => new Document(d.data, GO_COMPAT_PARSE_OPTIONS).toString({ indent: 4, lineWidth: 0 }))
      .join('---\n');
    return Buffer.from(text, 'utf8');
  }

  /** The text this config was parsed from, when it was parsed from text. */
  sourceText(): string | undefined {
    return this.#source;
  }

  /** Source position of a field of a document, when the config was parsed from text. */
  positionOf(docIndex: number, path: readonly PathSegment[], atKey = false): Position | undefined {
    return this.#positions?.(docIndex, path, atKey);
  }
}
