// The node's identity: a random id made at first start and kept in the state directory (Talos keeps
// it on the STATE partition), so the default hostname derived from it survives restarts.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../files/atomic-write';

const FILE = 'node-id';

export async function loadOrCreateNodeId(stateDir: string): Promise<string> {
  const path = join(stateDir, FILE);
  try {
    const id = (await readFile(path, 'utf8')).trim();
    if (/^[A-Za-z0-9_-]{43}$/.test(id)) return id;
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const id = randomBytes(32).toString('base64url');
  await writeFileAtomic(path, `${id}\n`, { mode: 0o600, dirMode: 0o700 });
  return id;
}
