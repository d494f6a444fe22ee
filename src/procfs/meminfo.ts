// /proc/meminfo: each line `Key:   value [kB]`. Values are kept as the kernel writes them (kB for most,
// a count for the HugePages_ lines), as decimal strings: they are 64-bit.
import { parseError } from './errors';
import { readKernelFile } from './read';

/** Key (without its colon) → value as the kernel wrote it. */
export type Meminfo = ReadonlyMap<string, string>;

const LINE = /^(\S+):\s+(\d+)(?:\s+(\S+))?\s*$/;

export function parseMeminfo(text: string, file = '/proc/meminfo'): Meminfo {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const m = LINE.exec(line);
    if (!m) throw parseError(file, `malformed line ${JSON.stringify(line)}`);
    if (m[3] !== undefined && m[3] !== 'kB')
      throw parseError(file, `unsupported unit ${JSON.stringify(m[3])}`);
    out.set(m[1]!, BigInt(m[2]!).toString());
  }
  return out;
}

export async function readMeminfo(proc = '/proc'): Promise<Meminfo> {
  const file = `${proc}/meminfo`;
  return parseMeminfo(await readKernelFile(file), file);
}
