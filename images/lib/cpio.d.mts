// Types of cpio.mjs for the TypeScript callers (the boot benchmark's baseline archive).
export interface CpioEntry {
  path: string;
  type: 'd' | 'f' | 'l' | 'c';
  size: number;
  target?: string;
}
export interface SyntheticEntry {
  path: string;
  type: 'c';
  mode: number;
  major: number;
  minor: number;
}
export function writeCpio(
  root: string,
  paths: string[],
  out: string,
  synthetic?: SyntheticEntry[],
): CpioEntry[];
