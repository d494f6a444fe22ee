// A small ustar writer for image layers and OCI layout archives. Reproducible: entries are owned by
// root, written in the order given, with the mtime passed (SOURCE_DATE_EPOCH by the callers). Names that
// do not fit ustar's name/prefix fields get a pax `path` record.

const BLOCK = 512;

function octal(n, length) {
  return n.toString(8).padStart(length - 1, '0') + '\0';
}

function header(name, { size, mode, type, mtime, linkname = '' }) {
  const h = Buffer.alloc(BLOCK);
  const put = (value, offset, length) => h.write(value, offset, length, 'utf8');
  let prefix = '';
  let short = name;
  if (Buffer.byteLength(name) > 100) {
    // Split at a slash so that the tail fits name (100) and the head fits prefix (155).
    const cut = name.lastIndexOf('/', name.length - 1);
    for (let i = cut; i > 0; i = name.lastIndexOf('/', i - 1)) {
      if (Buffer.byteLength(name.slice(i + 1)) <= 100 && Buffer.byteLength(name.slice(0, i)) <= 155) {
        prefix = name.slice(0, i);
        short = name.slice(i + 1);
        break;
      }
    }
    if (prefix === '') short = name.slice(0, 100); // the pax record written before carries the full name
  }
  put(short, 0, 100);
  put(octal(mode, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(mtime, 12), 136, 12);
  put('        ', 148, 8);
  put(type, 156, 1);
  put(linkname, 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  put('root', 265, 32);
  put('root', 297, 32);
  put(prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  put(octal(sum, 7) + ' ', 148, 8);
  return { block: h, needsPax: Buffer.byteLength(name) > 100 && prefix === '' };
}

function paxRecord(key, value) {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body);
  for (;;) {
    const total = len + String(len).length;
    if (String(total).length === String(len).length) return `${total}${body}`;
    len = total;
  }
}

const pad = (n) => Buffer.alloc((BLOCK - (n % BLOCK)) % BLOCK);

/**
 * A tar of entries `{ name, data?, mode?, type? }` — a directory when `data` is absent (or type 'dir'),
 * a symlink when type is 'symlink' (with `linkname`) — ending with two zero blocks.
 */
export function writeTar(entries, { mtime = 0 } = {}) {
  const parts = [];
  for (const e of entries) {
    const type = e.type ?? (e.data === undefined ? 'dir' : 'file');
    const name = type === 'dir' && !e.name.endsWith('/') ? `${e.name}/` : e.name;
    const data = type === 'file' ? e.data : Buffer.alloc(0);
    const flag = { file: '0', dir: '5', symlink: '2' }[type];
    if (flag === undefined) throw new TypeError(`tar: unknown entry type ${type}`);
    const mode = e.mode ?? (type === 'dir' ? 0o755 : type === 'symlink' ? 0o777 : 0o644);
    const { block, needsPax } = header(name, {
      size: data.length,
      mode,
      type: flag,
      mtime,
      linkname: e.linkname,
    });
    if (needsPax) {
      const pax = Buffer.from(paxRecord('path', name));
      parts.push(
        header('PaxHeader', { size: pax.length, mode: 0o644, type: 'x', mtime }).block,
        pax,
        pad(pax.length),
      );
    }
    parts.push(block, data, pad(data.length));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}
