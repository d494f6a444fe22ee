// /proc/loadavg: the 1, 5 and 15 minute load averages, then the run queue and the last PID.
import { parseError } from './errors';
import { readKernelFile } from './read';

export interface LoadAverage {
  readonly load1: number;
  readonly load5: number;
  readonly load15: number;
}

export function parseLoadavg(text: string, file = '/proc/loadavg'): LoadAverage {
  const parts = text.trim().split(/\s+/);
  const loads = parts.slice(0, 3).map(Number);
  if (loads.length < 3 || loads.some((n) => !Number.isFinite(n)))
    throw parseError(file, `malformed line ${JSON.stringify(text.trim())}`);
  return { load1: loads[0]!, load5: loads[1]!, load15: loads[2]! };
}

export async function readLoadavg(proc = '/proc'): Promise<LoadAverage> {
  const file = `${proc}/loadavg`;
  return parseLoadavg(await readKernelFile(file), file);
}
