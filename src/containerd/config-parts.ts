// The CRI containerd's configuration parts (/etc/cri/conf.d/*.part: the registries part the agent
// writes, and any the machine config's files add), merged over the base configuration in name order as
// Talos merges them: tables merge key by key, any other value replaces the one before. containerd's own
// `imports` would not do: it replaces a plugin's whole table with the last file's.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../error-message';

export class ConfigPartError extends Error {
  constructor(
    readonly part: string,
    reason: string,
  ) {
    super(`cannot merge ${part}: ${reason}`);
    this.name = 'ConfigPartError';
  }
}

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

export function deepMerge(into: Table, from: Table): Table {
  for (const [k, v] of Object.entries(from)) {
    const current = into[k];
    into[k] = isTable(current) && isTable(v) ? deepMerge({ ...current }, v) : v;
  }
  return into;
}

/** `base` with the `.part` files of `dir` merged over it, in name order; the result as TOML. */
export async function mergeConfigParts(base: string, dir: string): Promise<string> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.part')).sort();
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return base;
    throw e;
  }
  if (names.length === 0) return base;
  // Loaded on first use: start-up never needs a TOML parser.
  const { parse, stringify } = await import('smol-toml');
  let merged: Table = parse(base);
  for (const name of names) {
    let part: Table;
    try {
      part = parse(await readFile(join(dir, name), 'utf8'));
    } catch (e: unknown) {
      throw new ConfigPartError(name, errorMessage(e));
    }
    merged = deepMerge(merged, part);
  }
  return stringify(merged);
}
