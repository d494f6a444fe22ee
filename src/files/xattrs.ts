// A file's extended attributes (List with `report_xattrs`), read with getfattr (Debian's `attr`):
// Node.js has no call for them. Every name getfattr may see (`-m -`, security.* included), values in
// base64, the link itself rather than its target. A file without attributes, or on a file system without
// them (sysfs, devtmpfs), has none; a missing getfattr is an error that names the package.
import { execFile } from 'node:child_process';

export const GETFATTR = process.env['TALOS_TS_GETFATTR_BIN'] ?? '/usr/bin/getfattr';

export class XattrToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XattrToolError';
  }
}

export interface Xattr {
  readonly name: string;
  readonly data: Buffer;
}

/** getfattr -d output: `name=0s<base64>` lines after `# file:`. */
export function parseGetfattr(out: string): Xattr[] {
  const attrs: Xattr[] = [];
  for (const line of out.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) {
      attrs.push({ name: line, data: Buffer.alloc(0) });
      continue;
    }
    const value = line.slice(eq + 1);
    const data = value.startsWith('0s')
      ? Buffer.from(value.slice(2), 'base64')
      : value.startsWith('"')
        ? Buffer.from(JSON.parse(value) as string, 'utf8')
        : Buffer.from(value, 'utf8');
    attrs.push({ name: line.slice(0, eq), data });
  }
  return attrs;
}

export function listXattrs(path: string): Promise<Xattr[]> {
  return new Promise((resolve, reject) => {
    execFile(
      GETFATTR,
      ['--dump', '--match=-', '--encoding=base64', '--absolute-names', '--no-dereference', '--', path],
      { maxBuffer: 4 << 20 },
      (err, stdout) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new XattrToolError(`${GETFATTR} is missing: apt-get install attr`));
          return;
        }
        // getfattr fails on files whose file system has no attributes: none to report
        resolve(err ? [] : parseGetfattr(stdout));
      },
    );
  });
}
