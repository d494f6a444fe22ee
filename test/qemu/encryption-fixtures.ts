// What the disk-encryption tests of the qemu tier share: a config with machine.systemDiskEncryption set,
// a refused call's error, and `get volumestatuses` read into fields.
import { parseAllDocuments } from 'yaml';
import { machinery, MachineryError, type MachineryTarget } from '../harness/machinery-client';

export type Keys = Record<string, unknown>[];

/** The config with machine.systemDiskEncryption set (and VolumeConfig-free). */
export function encrypted(base: Buffer, enc: { state?: Keys; ephemeral?: Keys }): Buffer {
  const docs = parseAllDocuments(base.toString());
  for (const doc of docs) {
    if (doc.get('version') !== 'v1alpha1') continue;
    for (const [label, keys] of Object.entries(enc))
      doc.setIn(['machine', 'systemDiskEncryption', label], { provider: 'luks2', keys });
  }
  return Buffer.from(docs.map((d) => d.toString()).join('---\n'));
}

export const refusal = (p: Promise<unknown>): Promise<MachineryError> =>
  p.then(
    () => {
      throw new Error('the call was accepted');
    },
    (e: unknown) => {
      if (e instanceof MachineryError) return e;
      throw e;
    },
  );

/** `get volumestatuses` as id → spec fields. */
export async function volumeStatuses(target: MachineryTarget): Promise<Map<string, Record<string, string>>> {
  const out = await machinery(target, ['get', 'volumestatuses']);
  const m = new Map<string, Record<string, string>>();
  for (const block of out.split(/^--- /m).filter(Boolean)) {
    const [id, ...rest] = block.split('\n');
    const fields: Record<string, string> = {};
    for (const line of rest) {
      const kv = /^(\w+): (.*)$/.exec(line);
      if (kv) fields[kv[1]!] = kv[2]!;
    }
    m.set(id!.trim(), fields);
  }
  return m;
}
