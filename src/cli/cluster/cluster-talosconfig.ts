// The talosconfig of a new cluster merged into the user's, as talosctl's `cluster create` does: the
// cluster's context is added (renamed NAME-1, NAME-2… when one of that name exists) and made current;
// the other contexts stay. The file is `--talosconfig`, else $TALOSCONFIG, else ~/.talos/config.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readFileIfExists, writeFileAtomic } from '../../files/atomic-write';
import { parseTalosconfig, serializeTalosconfig, type Talosconfig } from '../gen/talosconfig';

export function talosconfigPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env['TALOSCONFIG'] ?? join(homedir(), '.talos', 'config');
}

/** Merges `add` into `into`; returns the name the added context got. */
export function mergeTalosconfig(
  into: Talosconfig,
  add: Talosconfig,
): { merged: Talosconfig; context: string } {
  const contexts = { ...into.contexts };
  let context = add.context;
  for (const [name, ctx] of Object.entries(add.contexts)) {
    let target = name;
    for (let i = 1; target in contexts; i++) target = `${name}-${i}`;
    contexts[target] = ctx;
    if (name === add.context) context = target;
  }
  return { merged: { context, contexts }, context };
}

/** Merges the cluster's talosconfig into the file at `path` (created when missing), atomically. */
export async function saveMergedTalosconfig(path: string, add: Talosconfig): Promise<string> {
  const existing = await readFileIfExists(path);
  const base = existing ? parseTalosconfig(existing.toString('utf8')) : { context: '', contexts: {} };
  const { merged, context } = mergeTalosconfig(base, add);
  await writeFileAtomic(path, serializeTalosconfig(merged), { mode: 0o600 });
  return context;
}
