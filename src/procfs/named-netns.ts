// Named network namespaces (`ip netns add`, CNI): the files of a netns directory (/var/run/netns),
// each found as the network namespace of some process, so that its socket tables can be read through
// /proc/<pid>/net. A name no process is in has no tables to read.
import { readdir, readlink, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { pidsOf } from './map-limited';

/** The names in the netns directory; none when it does not exist. */
export async function listNamedNetns(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => !e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

/** PID → the name of its network namespace, one process for each name that has one. */
export async function pidsOfNamedNetns(
  dir: string,
  names: readonly string[],
  proc = '/proc',
): Promise<Map<number, string>> {
  const wanted = new Map<string, string>();
  for (const name of names) {
    const clean = basename(name);
    try {
      const st = await stat(`${dir}/${clean}`);
      wanted.set(`net:[${st.ino}]`, clean);
    } catch {
      return new Map(); // as go-netstat: one name that cannot be found, and no namespace is read
    }
  }
  const out = new Map<number, string>();
  if (wanted.size === 0) return out;
  for (const pid of pidsOf(await readdir(proc))) {
    const target = await readlink(`${proc}/${pid}/ns/net`).catch(() => '');
    const name = wanted.get(target);
    if (name === undefined) continue;
    out.set(pid, name);
    wanted.delete(target);
    if (wanted.size === 0) break;
  }
  return out;
}
