// /sys/devices/system/cpu/cpu<N>/cpufreq: each online CPU's frequencies (kHz) and governor, in the
// order prometheus/procfs lists them for Talos (`cpu<N>` sorted as text). A CPU without a cpufreq
// directory (a VM, most containers' hosts) is listed with nothing known about it.
import { readdir, readFile, stat } from 'node:fs/promises';
import { errnoCode, osError, ProcfsError } from './errors';
import { readKernelFile } from './read';

export interface CpuFrequency {
  /** `cpuinfo_cur_freq`, `cpuinfo_min_freq`, `cpuinfo_max_freq` in kHz: absent when unreadable. */
  readonly current?: bigint;
  readonly minimum?: bigint;
  readonly maximum?: bigint;
  readonly governor: string;
}

/** The CPU numbers of a list such as `0-3,8,10-11` (/sys/devices/system/cpu/offline). */
export function parseCpuList(text: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.trim().split(',')) {
    if (part === '') continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new ProcfsError(`invalid CPU range ${JSON.stringify(part)}`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let n = from; n <= to; n++) out.add(n);
  }
  return out;
}

async function optionalNumber(path: string): Promise<bigint | undefined> {
  let text: string;
  try {
    text = (await readFile(path, 'utf8')).trim();
  } catch (e: unknown) {
    const code = errnoCode(e);
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM') return undefined;
    throw osError('open', path, e);
  }
  if (!/^\d+$/.test(text)) throw new ProcfsError(`parsing ${path}: invalid syntax`);
  return BigInt(text);
}

async function cpuFrequency(dir: string): Promise<CpuFrequency> {
  const [current, minimum, maximum, governor] = await Promise.all([
    optionalNumber(`${dir}/cpuinfo_cur_freq`),
    optionalNumber(`${dir}/cpuinfo_min_freq`),
    optionalNumber(`${dir}/cpuinfo_max_freq`),
    readKernelFile(`${dir}/scaling_governor`),
  ]);
  return { current, minimum, maximum, governor: governor.trim() };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (e: unknown) {
    if (errnoCode(e) === 'ENOENT') return false;
    throw osError('stat', path, e);
  }
}

export async function readCpuFrequencies(sys = '/sys'): Promise<CpuFrequency[]> {
  const base = `${sys}/devices/system/cpu`;
  let names: string[];
  try {
    names = (await readdir(base)).filter((n) => /^cpu\d/.test(n)).sort();
  } catch (e: unknown) {
    throw osError('open', base, e);
  }
  const offline = parseCpuList(await readKernelFile(`${base}/offline`));
  const online = names.filter((n) => !offline.has(Number(/^cpu(\d+)/.exec(n)![1])));
  if (online.length === 0) throw new ProcfsError('could not find any cpufreq files: file does not exist');
  return Promise.all(
    online.map(async (name) => {
      const dir = `${base}/${name}/cpufreq`;
      return (await isDirectory(dir)) ? cpuFrequency(dir) : { governor: '' };
    }),
  );
}
