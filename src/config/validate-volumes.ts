// Rules for encrypted and user volumes, in machine.systemDiskEncryption and in VolumeConfig and
// UserVolumeConfig documents: each key names its kind, slots are unique; STATE takes neither a static
// key (its settings are kept in clear in META, so the passphrase would lie next to the volume it opens)
// nor a STATE-locked one; a user volume's disk selector must parse.
import { DiskSelectorError, parseDiskSelector } from './disk-selector';
import type { PathSegment } from './path';
import { get, list, record, str, type DocReport } from './validate-report';

const KINDS = ['static', 'nodeID', 'kms', 'tpm'];

/** Checks one encryption section at `path`, for the volume labelled `label`. */
export function checkEncryption(r: DocReport, path: PathSegment[], section: unknown, label: string): void {
  const enc = record(section);
  if (!enc) return;
  const keys = list(enc['keys']);
  if (keys.length === 0) r.error([...path, 'keys'], 'no encryption keys provided');
  const slots = new Set<unknown>();
  keys.forEach((key, i) => {
    const at = [...path, 'keys', i];
    const slot = get(key, 'slot') ?? 0;
    if (slots.has(slot)) r.error([...at, 'slot'], 'encryption key slot is already in use');
    slots.add(slot);
    const kinds = KINDS.filter((k) => record(get(key, k)));
    if (kinds.length === 0) r.error(at, 'encryption key has no configuration (static, nodeID, kms or tpm)');
    if (label === 'STATE' && kinds.includes('static'))
      r.error(
        [...at, 'static'],
        "a static key cannot encrypt STATE: STATE's encryption settings are kept in META, in clear, next to it",
      );
    if (label === 'STATE' && get(key, 'lockToState') === true)
      r.error([...at, 'lockToState'], 'state-locked key is not allowed for the "STATE" volume');
  });
}

/** A disk selector expression at `path` must parse. */
export function checkDiskSelector(r: DocReport, path: PathSegment[], match: unknown): void {
  const expr = str(match);
  if (expr === undefined || expr === '') return;
  try {
    parseDiskSelector(expr);
  } catch (e: unknown) {
    if (!(e instanceof DiskSelectorError)) throw e;
    r.error(path, `disk selector is invalid: ${e.message}`);
  }
}
