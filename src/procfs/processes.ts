// The processes under /proc, as Talos's miniprocfs reads them: a process whose executable link cannot be
// read (a kernel thread, a zombie) or that ends while it is read is left out; each file is read with one
// read of at most 16 KiB (a longer command line is cut there); arguments are the NUL-separated command
// line joined with spaces; CPU time is user + system in seconds; resident memory is pages × page size.
import { open, readdir, readlink } from 'node:fs/promises';
import { osError } from './errors';
import { mapLimited, pidsOf } from './map-limited';
import { pageSize } from './page-size';
import { USER_HZ } from './stat';

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** One letter: R running, S sleeping, D disk sleep, Z zombie, T stopped, … */
  readonly state: string;
  readonly threads: number;
  /** Seconds of CPU, user and system. */
  readonly cpuTime: number;
  readonly virtualMemory: bigint;
  readonly residentMemory: bigint;
  /** The name of /proc/<pid>/comm. */
  readonly command: string;
  readonly executable: string;
  readonly args: string;
  /** The security label (/proc/<pid>/attr/current), empty without an LSM. */
  readonly label: string;
}

const READ_SIZE = 16 * 1024;
/** Processes read at the same time. */
const CONCURRENCY = 16;

/** The bytes of one read(2) of at most 16 KiB; undefined when the file cannot be read or is empty. */
async function readOnce(path: string): Promise<Buffer | undefined> {
  let fh;
  try {
    fh = await open(path, 'r');
    const buf = Buffer.allocUnsafe(READ_SIZE);
    const { bytesRead } = await fh.read(buf, 0, READ_SIZE, null);
    return bytesRead === 0 ? undefined : buf.subarray(0, bytesRead);
  } catch {
    return undefined;
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

const trimNul = (b: Buffer): Buffer => {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return b.subarray(0, end);
};

/** /proc/<pid>/stat after the `(comm)` field: state, ppid, …, utime (11), stime (12), threads (17), vsize (20), rss (21). */
function parseStatTail(stat: string): string[] | undefined {
  const paren = stat.lastIndexOf(')');
  if (paren < 0) return undefined;
  const fields = stat
    .slice(paren + 2)
    .trim()
    .split(/\s+/);
  return fields.length >= 22 ? fields : undefined;
}

async function readProcess(proc: string, pid: number, page: bigint): Promise<ProcessInfo | undefined> {
  const dir = `${proc}/${pid}`;
  let executable: string;
  try {
    executable = await readlink(`${dir}/exe`);
  } catch {
    return undefined;
  }
  const [comm, cmdline, statBuf, label] = await Promise.all([
    readOnce(`${dir}/comm`),
    readOnce(`${dir}/cmdline`),
    readOnce(`${dir}/stat`),
    readOnce(`${dir}/attr/current`),
  ]);
  if (!comm || !cmdline || !statBuf) return undefined;
  const f = parseStatTail(statBuf.toString('utf8'));
  if (!f) return undefined;
  const numbers = [f[1], f[17], f[11], f[12], f[20], f[21]];
  if (numbers.some((s) => !/^-?\d+$/.test(s!))) return undefined;
  return {
    pid,
    ppid: Number(f[1]),
    state: f[0]!,
    threads: Number(f[17]),
    cpuTime: (Number(f[11]) + Number(f[12])) / USER_HZ,
    virtualMemory: BigInt(f[20]!),
    residentMemory: BigInt.asUintN(64, BigInt(f[21]!) * page),
    command: comm.toString('utf8').trim(),
    executable,
    args: trimNul(cmdline).toString('utf8').replaceAll('\0', ' '),
    label: label ? label.toString('utf8').replace(/^[\0\n]+|[\0\n]+$/g, '') : '',
  };
}

export async function readProcesses(proc = '/proc'): Promise<ProcessInfo[]> {
  let names: string[];
  try {
    names = await readdir(proc);
  } catch (e: unknown) {
    throw osError('open', proc, e);
  }
  const page = BigInt(await pageSize());
  const out = await mapLimited(pidsOf(names), CONCURRENCY, (pid) => readProcess(proc, pid, page));
  return out.filter((p): p is ProcessInfo => p !== undefined);
}
