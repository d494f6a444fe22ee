// Which process holds each socket: every /proc/<pid>/fd/<n> link `socket:[<inode>]`, with the process
// name of /proc/<pid>/stat (the text between the first parentheses). A socket several processes hold is
// given to the lowest PID.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { osError } from './errors';
import { mapLimited, pidsOf } from './map-limited';

export interface SocketOwner {
  readonly pid: number;
  readonly name: string;
}

/** Processes read at the same time. */
const CONCURRENCY = 16;

async function processName(proc: string, pid: number): Promise<string> {
  try {
    const stat = await readFile(`${proc}/${pid}/stat`, 'utf8');
    const open = stat.indexOf('(');
    const close = open < 0 ? -1 : stat.indexOf(')', open);
    return close < 0 ? '' : stat.slice(open + 1, close);
  } catch {
    return '';
  }
}

async function socketsOf(proc: string, pid: number): Promise<bigint[]> {
  const dir = `${proc}/${pid}/fd`;
  let fds: string[];
  try {
    fds = await readdir(dir);
  } catch {
    return [];
  }
  const links = await Promise.all(fds.map((fd) => readlink(`${dir}/${fd}`).catch(() => '')));
  return links.flatMap((l) => {
    const m = /^socket:\[(\d+)\]$/.exec(l);
    return m ? [BigInt(m[1]!)] : [];
  });
}

/** Socket inode → the process holding it. */
export async function readSocketOwners(proc = '/proc'): Promise<Map<bigint, SocketOwner>> {
  let names: string[];
  try {
    names = await readdir(proc);
  } catch (e: unknown) {
    throw osError('open', proc, e);
  }
  const pids = pidsOf(names);
  const sockets = await mapLimited(pids, CONCURRENCY, (pid) => socketsOf(proc, pid));
  const owners = new Map<bigint, SocketOwner>();
  for (let i = pids.length - 1; i >= 0; i--) {
    if (sockets[i]!.length === 0) continue;
    const owner = { pid: pids[i]!, name: await processName(proc, pids[i]!) };
    for (const inode of sockets[i]!) owners.set(inode, owner);
  }
  return owners;
}
