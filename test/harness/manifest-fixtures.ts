// Machine config variants for the bootstrap manifest tests: the control-plane fixture with its v1alpha1
// document changed by a function.
import { readFileSync } from 'node:fs';
import { parseAllDocuments, stringify } from 'yaml';
import { parseMachineConfig, type MachineConfig, type V1Alpha1Config } from '../../src/config';

export const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/config/${name}.yaml`, import.meta.url), 'utf8');

export const CONTROLPLANE = fixture('controlplane');
export const WORKER = fixture('worker');

/** The fixture's text with its v1alpha1 document edited. */
export function variant(edit: (doc: V1Alpha1Config) => void, base = CONTROLPLANE): string {
  const docs = parseAllDocuments(base).map((d) => d.toJS() as Record<string, unknown>);
  const first = docs[0] as V1Alpha1Config;
  edit(first);
  return docs.map((d) => stringify(d)).join('---\n');
}

export const config = (text: string): MachineConfig => parseMachineConfig(text);
