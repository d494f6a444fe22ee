// A walk of a directory tree in lexical order, directories before their contents, symbolic links not
// followed (each entry is lstat'ed): what List, Copy and DiskUsage go through. An entry that cannot be
// read is yielded with its error and the walk goes on.
import type { Stats } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { errorMessage } from '../error-message';

export interface WalkEntry {
  /** The path on the host. */
  readonly hostPath: string;
  /** Relative to the walk's root (`.` for the root directory, the name for a single file). */
  readonly relPath: string;
  /** Directory levels below the root (0: the root). */
  readonly depth: number;
  readonly stats?: Stats;
  /** The target of a symbolic link. */
  readonly link?: string;
  readonly error?: string;
}

export interface WalkOptions {
  /** Levels below the root whose directories are entered; negative: no limit. */
  readonly maxDepth: number;
  readonly signal?: AbortSignal;
}

/** Walks `root` (already lstat'ed as `rootStats`). */
export async function* walkTree(root: string, rootStats: Stats, o: WalkOptions): AsyncGenerator<WalkEntry> {
  if (!rootStats.isDirectory()) {
    yield {
      hostPath: root,
      relPath: basename(root),
      depth: 0,
      stats: rootStats,
      ...(await linkOf(root, rootStats)),
    };
    return;
  }
  yield* walkDir(root, '.', 0, rootStats, o);
}

async function linkOf(path: string, st: Stats): Promise<{ link?: string; error?: string }> {
  if (!st.isSymbolicLink()) return {};
  try {
    return { link: await readlink(path) };
  } catch (e: unknown) {
    return { error: errorMessage(e) };
  }
}

async function* walkDir(
  dir: string,
  rel: string,
  depth: number,
  st: Stats,
  o: WalkOptions,
): AsyncGenerator<WalkEntry> {
  o.signal?.throwIfAborted();
  yield { hostPath: dir, relPath: rel, depth, stats: st };
  if (o.maxDepth >= 0 && depth >= o.maxDepth && depth > 0) return;
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (e: unknown) {
    yield { hostPath: dir, relPath: rel, depth, error: errorMessage(e) };
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    const childRel = rel === '.' ? name : `${rel}/${name}`;
    let cst: Stats;
    try {
      cst = await lstat(path);
    } catch (e: unknown) {
      yield { hostPath: path, relPath: childRel, depth: depth + 1, error: errorMessage(e) };
      continue;
    }
    if (cst.isDirectory()) yield* walkDir(path, childRel, depth + 1, cst, o);
    else
      yield { hostPath: path, relPath: childRel, depth: depth + 1, stats: cst, ...(await linkOf(path, cst)) };
  }
}
