// /proc/mounts (the mount table of the reading process's mount namespace) with each mount point's size
// and free space from statfs(2). As Talos: the fields are taken as the kernel writes them (a space in a
// path stays `\040`), a mount point that is not a directory or cannot be found has size 0, and a statfs
// that fails is an error of the whole answer.
import { stat, statfs } from 'node:fs/promises';
import { osError, ProcfsError } from './errors';
import { readKernelFile } from './read';

export interface MountEntry {
  readonly filesystem: string;
  readonly mountedOn: string;
}

export interface MountUsage extends MountEntry {
  /** Bytes: block size × blocks, and × blocks available to unprivileged users. */
  readonly size: bigint;
  readonly available: bigint;
}

export function parseMounts(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 2) continue;
    out.push({ filesystem: f[0]!, mountedOn: f[1]! });
  }
  return out;
}

/** Several failures in one error, worded as Go's hashicorp/go-multierror words them. */
export class MountErrors extends ProcfsError {
  constructor(readonly errors: readonly Error[]) {
    const n = errors.length;
    super(
      `${n} error${n === 1 ? '' : 's'} occurred:\n${errors.map((e) => `\t* ${e.message}`).join('\n')}\n\n`,
    );
  }
}

async function usage(entry: MountEntry): Promise<MountUsage | Error> {
  try {
    if (!(await stat(entry.mountedOn)).isDirectory()) return { ...entry, size: 0n, available: 0n };
  } catch {
    return { ...entry, size: 0n, available: 0n };
  }
  try {
    const s = await statfs(entry.mountedOn, { bigint: true });
    return {
      ...entry,
      size: BigInt.asUintN(64, s.bsize * s.blocks),
      available: BigInt.asUintN(64, s.bsize * s.bavail),
    };
  } catch (e: unknown) {
    return osError('statfs', entry.mountedOn, e);
  }
}

export async function readMounts(proc = '/proc'): Promise<MountUsage[]> {
  const entries = parseMounts(await readKernelFile(`${proc}/mounts`));
  const results = await Promise.all(entries.map(usage));
  const errors = results.filter((r): r is Error => r instanceof Error);
  if (errors.length > 0) throw new MountErrors(errors);
  return results as MountUsage[];
}
