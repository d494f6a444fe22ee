// This process's capabilities and OOM score adjustment, from /proc/self: what it can grant to the
// processes it starts (a capability outside its bounding set cannot be granted; an OOM score below its
// own needs CAP_SYS_RESOURCE, which some hosts leave out of every process's bounding set).
import { readFile } from 'node:fs/promises';
import { capabilitiesOf } from './containerd-runner-spec';

export interface ProcessCaps {
  readonly bounding: string[];
  readonly effective: string[];
  readonly oomScoreAdj: number;
}

/** This process's bounding and effective capabilities and its OOM score adjustment (undefined off Linux). */
export async function processCaps(): Promise<ProcessCaps | undefined> {
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const mask = (name: string): string =>
      new RegExp(`^${name}:\\s*([0-9a-f]+)$`, 'm').exec(status)?.[1] ?? '0';
    const oom = Number((await readFile('/proc/self/oom_score_adj', 'utf8')).trim());
    return {
      bounding: capabilitiesOf(mask('CapBnd')),
      effective: capabilitiesOf(mask('CapEff')),
      oomScoreAdj: oom,
    };
  } catch {
    return undefined;
  }
}

/** Whether this process may lower OOM scores (its own and its children's): CAP_SYS_RESOURCE. */
export async function canLowerOomScore(): Promise<boolean> {
  const self = await processCaps();
  return self === undefined || self.effective.includes('CAP_SYS_RESOURCE');
}
