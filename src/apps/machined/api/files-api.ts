// machine.MachineService Read, List, Copy and DiskUsage (`talosctl read`, `ls`, `cp`, `usage`) over
// the node's file system as NodeFileView shows it. Talos's behaviour (v1alpha1_server.go): List walks
// in lexical order with the root first, `recurse` with depth 0 meaning no limit, and reports each
// entry's Go file mode, owner, modification time and link target; Copy streams a gzip'ed tar of the
// tree below the path; DiskUsage adds up apparent sizes, a directory after its contents. Decisions where
// Talos answers a plain error: a missing path is NotFound (as Talos's Read), reading a directory Unknown (as Talos), a
// negative DiskUsage depth InvalidArgument (Talos takes it as no limit), a path leading outside the
// node's file system PermissionDenied.
import { createReadStream, type Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import { normalize } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { status } from '@grpc/grpc-js';
import { errorMessage } from '../../../error-message';
import { isNodePathError, NodeFileView } from '../../../files/node-view';
import { tarStream } from '../../../files/tar-stream';
import { walkTree, type WalkEntry } from '../../../files/tree-walk';
import { listXattrs } from '../../../files/xattrs';
import type * as machine from '../../../gen/api/machine';
import { ApiError } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import { CHUNK_SIZE } from './logs-api';

/** Go's os.FileMode of a stat's st_mode (talosctl prints it with FileMode.String()). */
export function goFileMode(mode: number): number {
  let m = mode & 0o777;
  const type = mode & 0o170000;
  if (type === 0o040000) m |= 2 ** 31;
  else if (type === 0o120000) m |= 2 ** 27;
  else if (type === 0o060000) m |= 2 ** 26;
  else if (type === 0o020000) m |= 2 ** 26 + 2 ** 21;
  else if (type === 0o010000) m |= 2 ** 25;
  else if (type === 0o140000) m |= 2 ** 24;
  if (mode & 0o4000) m |= 2 ** 23;
  if (mode & 0o2000) m |= 2 ** 22;
  if (mode & 0o1000) m |= 2 ** 20;
  return m >>> 0;
}

/** The node path cleaned; a relative one is InvalidArgument. */
function cleanPath(view: NodeFileView, path: string): string {
  try {
    return view.clean(path);
  } catch (e: unknown) {
    if (isNodePathError(e)) throw new ApiError(status.INVALID_ARGUMENT, e.message);
    throw e;
  }
}

/**
 * API errors of a node path: refused, or its stat's failure. A missing path is `missing` (Talos: NotFound
 * for Read, the stat's bare error — Unknown — for List and Copy).
 */
async function lstatNode(
  view: NodeFileView,
  path: string,
  follow: boolean,
  missing: status = status.UNKNOWN,
): Promise<{ host: string; st: Stats }> {
  let host: string;
  try {
    host = await view.resolve(path);
  } catch (e: unknown) {
    if (isNodePathError(e))
      throw new ApiError(
        e.problem === 'outside' ? status.PERMISSION_DENIED : status.INVALID_ARGUMENT,
        e.message,
      );
    throw e;
  }
  try {
    return { host, st: follow ? await stat(host) : await lstat(host) };
  } catch (e: unknown) {
    const code = (e as NodeJS.ErrnoException).code;
    const clean = view.clean(path);
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new ApiError(missing, `${follow ? 'stat' : 'lstat'} ${clean}: no such file or directory`);
    throw new ApiError(status.UNKNOWN, `${follow ? 'stat' : 'lstat'} ${clean}: ${errorMessage(e)}`);
  }
}

/** The node's name of a walked entry below the node path `root`. */
const nameOf = (root: string, e: WalkEntry): string =>
  e.relPath === '.' || e.depth === 0 ? root : root === '/' ? `/${e.relPath}` : `${root}/${e.relPath}`;

const TYPE_TESTS: Readonly<Record<machine.ListRequest_Type, (st: Stats) => boolean>> = {
  REGULAR: (st) => st.isFile(),
  DIRECTORY: (st) => st.isDirectory(),
  SYMLINK: (st) => st.isSymbolicLink(),
};

function listDepth(req: machine.ListRequest): number {
  if (!req.recurse) return 0;
  return req.recursion_depth === 0 ? -1 : req.recursion_depth;
}

/** DiskUsage of one path: files (with `all`) and directories (after their contents) as Talos filters them. */
async function diskUsage(
  view: NodeFileView,
  path: string,
  req: machine.DiskUsageRequest,
  signal: AbortSignal,
  send: (m: machine.DiskUsageInfoInit) => Promise<void>,
): Promise<void> {
  const root = cleanPath(view, path);
  let start;
  try {
    start = await lstatNode(view, root, false);
  } catch (e: unknown) {
    if (e instanceof ApiError && e.code !== status.PERMISSION_DENIED) {
      await send({ name: root, relative_name: root, error: e.message });
      return;
    }
    throw e;
  }
  const threshold = BigInt(req.threshold || '0');
  const shown = (depth: number, isDir: boolean, size: bigint): boolean =>
    !(req.recursion_depth > 0 && depth >= req.recursion_depth) &&
    (isDir || req.all) &&
    !(threshold > 0n && size < threshold) &&
    !(threshold < 0n && size > -threshold);
  // open directories, innermost last: their running totals
  const open: { entry: WalkEntry; size: bigint }[] = [];
  const close = async (toDepth: number): Promise<void> => {
    while (open.length > 0 && open.at(-1)!.entry.depth >= toDepth) {
      const { entry, size } = open.pop()!;
      if (open.length > 0) open.at(-1)!.size += size;
      if (shown(entry.depth, true, size))
        await send({ name: nameOf(root, entry), relative_name: entry.relPath, size: size.toString() });
    }
  };
  for await (const e of walkTree(start.host, start.st, { maxDepth: -1, signal })) {
    await close(e.depth);
    if (e.error !== undefined || !e.stats) {
      await send({
        name: nameOf(root, e),
        relative_name: e.relPath,
        error: e.error ?? 'no file information',
      });
      continue;
    }
    const size = BigInt(e.hostPath === '/proc/kcore' ? 0 : Math.max(e.stats.size, 0));
    if (e.stats.isDirectory()) {
      open.push({ entry: e, size });
      continue;
    }
    if (open.length > 0) open.at(-1)!.size += size;
    if (shown(e.depth, false, size))
      await send({ name: nameOf(root, e), relative_name: e.relPath, size: size.toString() });
  }
  await close(0);
}

/**
 * `virtual`: paths Read answers itself (on the container platform the boot id, which changes with each
 * stand-in reboot).
 */
export function filesApi(
  view: NodeFileView,
  virtual: ReadonlyMap<string, () => string> = new Map(),
): Implementation<'machine.MachineService'> {
  return implement('machine.MachineService', {
    Read: async (req, ctx, send) => {
      const own = virtual.get(normalize(req.path));
      if (own) return send({ bytes: Buffer.from(own()) });
      const { host, st } = await lstatNode(view, req.path, true, status.NOT_FOUND);
      if (st.isDirectory())
        throw new ApiError(status.UNKNOWN, `read ${view.clean(req.path)}: is a directory`);
      if (!st.isFile()) throw new ApiError(status.UNKNOWN, 'path must be a regular file');
      const stream = createReadStream(host, { highWaterMark: CHUNK_SIZE, signal: ctx.signal });
      for await (const chunk of stream as AsyncIterable<Buffer>) await send({ bytes: chunk });
    },

    List: async (req, ctx, send) => {
      const root = view.clean(req.root === '' ? '/' : req.root.startsWith('/') ? req.root : `/${req.root}`);
      const { host, st } = await lstatNode(view, root, true);
      const tests = req.types.map((t) => TYPE_TESTS[t]).filter((t) => t !== undefined);
      for await (const e of walkTree(host, st, { maxDepth: listDepth(req), signal: ctx.signal })) {
        if (e.error !== undefined || !e.stats) {
          await send({
            name: nameOf(root, e),
            relative_name: e.relPath,
            error: e.error ?? 'no file information',
          });
          continue;
        }
        const s = e.stats;
        if (tests.length > 0 && !tests.some((t) => t(s))) continue;
        await send({
          name: nameOf(root, e),
          relative_name: e.relPath,
          size: s.size,
          mode: goFileMode(s.mode),
          modified: Math.floor(s.mtimeMs / 1000),
          is_dir: s.isDirectory(),
          link: e.link ?? '',
          uid: s.uid,
          gid: s.gid,
          xattrs: req.report_xattrs ? await listXattrs(e.hostPath) : [],
        });
      }
    },

    Copy: async (req, ctx, send) => {
      const root = cleanPath(view, req.root_path);
      const { host, st } = await lstatNode(view, root, true);
      const errors: string[] = [];
      const tar = tarStream(walkTree(host, st, { maxDepth: -1, signal: ctx.signal }), {
        signal: ctx.signal,
        onError: (p, reason) => errors.push(`skipping "${view.nodePath(p)}": ${reason}`),
      });
      const source = Readable.from(tar, { objectMode: false });
      const gzip = createGzip();
      source.on('error', (e) => gzip.destroy(e));
      source.pipe(gzip);
      const stop = (): void => {
        source.destroy();
        gzip.destroy();
      };
      ctx.signal.addEventListener('abort', stop, { once: true });
      try {
        for await (const chunk of gzip as AsyncIterable<Buffer>) await send({ bytes: chunk });
      } finally {
        ctx.signal.removeEventListener('abort', stop);
        stop();
      }
      if (errors.length > 0) await send({ metadata: { error: errors.join('; ') } });
    },

    DiskUsage: async (req, ctx, send) => {
      if (req.recursion_depth < 0)
        throw new ApiError(
          status.INVALID_ARGUMENT,
          `recursion depth must not be negative (got ${req.recursion_depth})`,
        );
      if (!/^-?\d+$/.test(req.threshold || '0'))
        throw new ApiError(status.INVALID_ARGUMENT, `invalid threshold ${JSON.stringify(req.threshold)}`);
      for (const p of req.paths) {
        const path = p.startsWith('/') ? p : `/${p}`;
        await diskUsage(view, path, req, ctx.signal, send);
      }
    },
  });
}
