// A newc ("070701") cpio writer, the format the kernel unpacks as an initramfs. Reproducible: every
// entry is owned by root, timestamped SOURCE_DATE_EPOCH (default 0) and written in path order.
import { closeSync, lstatSync, openSync, readFileSync, readlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

/**
 * Writes root's entries (relative paths, parents before children) plus the synthetic ones (device
 * nodes, which need no mknod on the build machine) to out. Returns what was written.
 */
export function writeCpio(root, paths, out, synthetic = []) {
  const mtime = Number(process.env.SOURCE_DATE_EPOCH ?? 0);
  const entries = [
    ...paths.map((p) => fromDisk(root, p)),
    ...synthetic.map((s) => ({ ...s, size: 0, data: Buffer.alloc(0), mode: s.mode })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const fd = openSync(out, 'w');
  try {
    let ino = 1;
    for (const e of entries) {
      const type = { d: S_IFDIR, f: S_IFREG, l: S_IFLNK, c: S_IFCHR }[e.type];
      writeEntry(fd, {
        ino: ino++,
        mode: type | e.mode,
        nlink: e.type === 'd' ? 2 : 1,
        mtime,
        rdevmajor: e.major ?? 0,
        rdevminor: e.minor ?? 0,
        name: e.path,
        data: e.data,
      });
    }
    writeEntry(fd, { ino: 0, mode: 0, nlink: 1, mtime: 0, name: 'TRAILER!!!', data: Buffer.alloc(0) });
  } finally {
    closeSync(fd);
  }
  return entries.map(({ path, type, size, target }) => ({ path, type, size, target }));
}

function fromDisk(root, path) {
  const full = join(root, path);
  const st = lstatSync(full);
  const mode = st.mode & 0o7777;
  if (st.isDirectory()) return { path, type: 'd', mode, size: 0, data: Buffer.alloc(0) };
  if (st.isSymbolicLink()) {
    const target = readlinkSync(full);
    return { path, type: 'l', mode: 0o777, size: 0, target, data: Buffer.from(target) };
  }
  if (st.isFile()) {
    const data = readFileSync(full);
    return { path, type: 'f', mode, size: data.length, data };
  }
  throw new Error(`${path}: unsupported file type`);
}

function writeEntry(fd, e) {
  const name = Buffer.from(`${e.name}\0`);
  const fields = [
    e.ino,
    e.mode,
    0, // uid
    0, // gid
    e.nlink,
    e.mtime,
    e.data.length,
    0, // devmajor
    0, // devminor
    e.rdevmajor ?? 0,
    e.rdevminor ?? 0,
    name.length,
    0, // check
  ];
  const header = Buffer.from('070701' + fields.map((n) => n.toString(16).padStart(8, '0')).join(''));
  writeSync(fd, header);
  writeSync(fd, name);
  writeSync(fd, Buffer.alloc(pad4(header.length + name.length)));
  if (e.data.length > 0) {
    writeSync(fd, e.data);
    writeSync(fd, Buffer.alloc(pad4(e.data.length)));
  }
}

const pad4 = (n) => (4 - (n % 4)) % 4;
