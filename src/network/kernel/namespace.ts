// Whether the agent has a network namespace of its own: its /proc/self/ns/net is not PID 1's.
// On the container platform the agent changes links only then, never the host's.
//
// Where PID 1's namespace cannot be looked at (a container that hides PID 1 even from root), a namespace
// made with `ip netns add` still tells itself apart: it is one of the bind mounts under /run/netns (the
// check `ip netns identify` makes). Anything else counts as the host's, and nothing is changed.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const inode = async (path: string): Promise<bigint | undefined> => {
  try {
    return (await stat(path, { bigint: true })).ino;
  } catch {
    return undefined;
  }
};

export async function hasOwnNetworkNamespace(proc = '/proc', netnsDir = '/run/netns'): Promise<boolean> {
  const self = await inode(join(proc, 'self/ns/net'));
  if (self === undefined) return false;
  const init = await inode(join(proc, '1/ns/net'));
  if (init !== undefined) return self !== init;
  let named: string[];
  try {
    named = await readdir(netnsDir);
  } catch {
    return false;
  }
  const inodes = await Promise.all(named.map((n) => inode(join(netnsDir, n))));
  return inodes.includes(self);
}
