// What an OCI registry sends: image manifests and indexes (refusals: ImagePullError) and layer tars
// (refusals: TarFormatError). Tar inputs are real archives (long names, pax and GNU headers, global pax
// records) mutated byte by byte, with the header checksums made right again so that mutated fields
// get past them, and archives of many global pax records (what piles up must stay bounded).
import fc from 'fast-check';
import { writeTar } from '../../../images/lib/tar.mjs';
import { ImagePullError } from '../../../src/oci/errors';
import { MEDIA, parseManifest, pickPlatform } from '../../../src/oci/manifest';
import { readTarToMemory, TarFormatError } from '../../../src/oci/tar-reader';
import { errorClass, hex, type FuzzTarget } from '../fuzz-target';
import { mutatedBytes } from '../mutate';

const BLOCK = 512;

/** A raw ustar header block with the given type flag, for pax and GNU meta entries. */
function metaHeader(type: string, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write('PaxHeaders/x', 0, 'latin1');
  h.write('0000644\0', 100, 'latin1');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write(type, 156, 'latin1');
  h.write('ustar\x0000', 257, 'latin1');
  return sealed(h);
}
function sealed(h: Buffer): Buffer {
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}
/** One pax record, `<length> <key>=<value>\n`. */
export const record = (key: string, value: string): string => {
  const body = ` ${key}=${value}\n`;
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len++;
  return `${len}${body}`;
};
/** A meta entry (`x`, `g` pax headers; `L`, `K` GNU long names) with its data, padded. */
export function meta(type: string, data: string): Buffer {
  const body = Buffer.from(data);
  const pad = Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK);
  return Buffer.concat([metaHeader(type, body.length), body, pad]);
}

const files = writeTar([
  { name: 'usr' },
  { name: 'usr/install/amd64/vmlinuz', data: Buffer.from('kernel'), mode: 0o755 },
  { name: `dir/${'x'.repeat(120)}`, data: Buffer.from('pax named') },
  { name: 'link', type: 'symlink', linkname: 'usr/install/amd64/vmlinuz' },
]);
const TAR_SEEDS = [
  files,
  Buffer.concat([
    meta('g', record('comment', 'global') + record('mtime', '1')),
    meta('x', record('path', 'a/b/c') + record('size', '3')),
    files.subarray(0, BLOCK * 2),
    meta('L', 'a/very/long/gnu/name\0'),
    meta('K', 'a/very/long/gnu/link\0'),
    files,
  ]),
];

/** Header checksums recomputed along the archive, as far as its size fields can be followed. */
function resealTar(b: Buffer): Buffer {
  const out = Buffer.from(b);
  for (let off = 0; off + BLOCK <= out.length;) {
    const h = out.subarray(off, off + BLOCK);
    if (h.every((x) => x === 0)) break;
    sealed(h);
    const size = parseInt(h.toString('latin1', 124, 135), 8);
    if (!Number.isSafeInteger(size) || size < 0) break;
    off += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}

/** Global pax records, many of them, each with new keys. */
const globalPile = fc
  .tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 60_000 }))
  .map(([count, valueBytes]) =>
    Buffer.concat([
      ...Array.from({ length: count }, (_, i) => meta('g', record(`k${i}`, 'v'.repeat(valueBytes)))),
      files,
    ]),
  );

export const tarTarget: FuzzTarget<Buffer> = {
  name: 'tar',
  arbitrary: fc.oneof(
    { weight: 4, arbitrary: mutatedBytes(TAR_SEEDS).map(resealTar) },
    { weight: 2, arbitrary: mutatedBytes(TAR_SEEDS) },
    { weight: 1, arbitrary: globalPile },
    { weight: 1, arbitrary: fc.constantFrom(...TAR_SEEDS) },
  ),
  run: async (input) => {
    const entries = await readTarToMemory(input);
    for (const e of entries) {
      if (e.data.length !== e.header.size) throw new Error(`entry ${e.header.name}: body is not its size`);
      if (e.header.name.startsWith('/')) throw new Error(`entry name ${e.header.name} is not normalized`);
    }
  },
  refused: errorClass(TarFormatError),
  show: (b) => hex(b, 4096),
};

const digest = (c: string): string => `sha256:${c.repeat(64)}`;
const MANIFEST_SEEDS = [
  {
    schemaVersion: 2,
    mediaType: MEDIA.ociIndex,
    manifests: [
      {
        mediaType: MEDIA.ociManifest,
        digest: digest('a'),
        size: 500,
        platform: { os: 'linux', architecture: 'amd64' },
      },
      {
        mediaType: MEDIA.ociManifest,
        digest: digest('b'),
        size: 501,
        platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
      },
    ],
  },
  {
    schemaVersion: 2,
    mediaType: MEDIA.dockerManifest,
    config: { mediaType: MEDIA.ociConfig, digest: digest('c'), size: 100 },
    layers: [
      { mediaType: MEDIA.ociLayerGzip, digest: digest('d'), size: 1234 },
      { mediaType: MEDIA.ociLayerTar, digest: digest('e'), size: 4321 },
    ],
  },
].map((d) => Buffer.from(JSON.stringify(d, null, 2)));

interface ManifestInput {
  readonly body: Buffer;
  readonly contentType: string | null;
}

export const manifestTarget: FuzzTarget<ManifestInput> = {
  name: 'oci-manifest',
  arbitrary: fc.record({
    body: fc.oneof(
      { weight: 4, arbitrary: mutatedBytes(MANIFEST_SEEDS) },
      {
        weight: 2,
        arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
      },
      {
        weight: 2,
        arbitrary: fc
          .record(
            {
              mediaType: fc.oneof(fc.constantFrom(...Object.values(MEDIA)), fc.string()),
              manifests: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
              layers: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
              schemaVersion: fc.oneof(fc.constant(2), fc.jsonValue({ maxDepth: 0 })),
            },
            { requiredKeys: [] },
          )
          .map((d) => Buffer.from(JSON.stringify(d))),
      },
    ),
    contentType: fc.oneof(
      fc.constant(null),
      fc.constantFrom(...Object.values(MEDIA)),
      fc.string({ maxLength: 30 }),
    ),
  }),
  run: ({ body, contentType }) => {
    const doc = parseManifest(body, contentType, 'fuzz');
    if (doc.kind === 'index') pickPlatform(doc.manifests, 'amd64', 'fuzz');
  },
  refused: errorClass(ImagePullError),
  show: ({ body, contentType }) =>
    `${JSON.stringify(contentType)} ${JSON.stringify(body.toString('latin1'))}`,
};
