// Builds _out/installer-amd64.tar: the installer image `talosctl upgrade --image …` points at, as an OCI
// image layout archive (oci-layout, index.json, blobs/sha256/…) ready to be pushed to a registry or
// served by one. Like Talos's installer image, its file system keeps the boot assets at
// usr/install/<arch>/vmlinuz and usr/install/<arch>/initramfs.xz; the node pulls just those two files.
//
//   node images/installer.mjs [--out _out] [--tag v1.13.9] [--image ghcr.io/siderolabs/installer]
//                             [--kernel _out/vmlinuz-amd64] [--initramfs _out/initramfs-amd64.xz]
//
// One gzip layer. SOURCE_DATE_EPOCH (default 0) fixes the file dates, so the same inputs give the same
// digests. Also exports the layout builder, which the tests use with small files.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { writeTar } from './lib/tar.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const MEDIA = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  layerTar: 'application/vnd.oci.image.layer.v1.tar',
};

const digestOf = (b) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** The files of an installer image for one architecture. */
export function installerFiles(arch, kernel, initramfs) {
  return [
    { path: `usr/install/${arch}/vmlinuz`, data: kernel },
    { path: `usr/install/${arch}/initramfs.xz`, data: initramfs },
  ];
}

function layerTar(files, mtime) {
  const dirs = new Set();
  for (const f of files) {
    for (let d = dirname(f.path); d !== '.' && d !== '/'; d = dirname(d)) dirs.add(d);
  }
  return writeTar(
    [
      ...[...dirs].sort().map((name) => ({ name })),
      ...files.map((f) => ({ name: f.path, data: f.data, mode: f.mode })),
    ],
    { mtime },
  );
}

/**
 * An OCI image layout: `{ blobs: Map<digest, Buffer>, index: Buffer (index.json), digest }`, `digest` being
 * what the tag points at — the image manifest for one platform, an image index for several.
 * platforms: [{ arch, files: [{ path, data, mode? }] }]; gzip: compress the layer (default true).
 */
export function buildLayout({ image, tag, platforms, gzip = true, mtime = 0 }) {
  const blobs = new Map();
  const add = (data, mediaType, extra = {}) => {
    const digest = digestOf(data);
    blobs.set(digest, data);
    return { mediaType, digest, size: data.length, ...extra };
  };
  const manifests = platforms.map(({ arch, files }) => {
    const tar = layerTar(files, mtime);
    const layer = add(gzip ? gzipSync(tar) : tar, gzip ? MEDIA.layerGzip : MEDIA.layerTar);
    const config = add(
      Buffer.from(
        JSON.stringify({
          architecture: arch,
          os: 'linux',
          config: {},
          rootfs: { type: 'layers', diff_ids: [digestOf(tar)] },
        }),
      ),
      MEDIA.config,
    );
    const manifest = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.manifest, config, layers: [layer] }),
    );
    return add(manifest, MEDIA.manifest, { platform: { architecture: arch, os: 'linux' } });
  });
  let top = manifests[0];
  if (manifests.length > 1) {
    top = add(
      Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.index, manifests })),
      MEDIA.index,
    );
  } else {
    const { platform: _platform, ...plain } = top;
    top = plain;
  }
  const annotations = {
    'io.containerd.image.name': `${image}:${tag}`,
    'org.opencontainers.image.ref.name': tag,
  };
  const index = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.index, manifests: [{ ...top, annotations }] }),
  );
  return { blobs, index, digest: top.digest };
}

/** The layout as a tar archive. */
export function layoutTar(layout, mtime = 0) {
  return writeTar(
    [
      { name: 'blobs' },
      { name: 'blobs/sha256' },
      ...[...layout.blobs].map(([digest, data]) => ({
        name: `blobs/sha256/${digest.slice('sha256:'.length)}`,
        data,
      })),
      { name: 'oci-layout', data: Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' })) },
      { name: 'index.json', data: layout.index },
    ],
    { mtime },
  );
}

function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: join(ROOT, '_out') },
      tag: { type: 'string', default: 'v1.13.9' },
      image: { type: 'string', default: 'ghcr.io/siderolabs/installer' },
      kernel: { type: 'string' },
      initramfs: { type: 'string' },
      arch: { type: 'string', default: 'amd64' },
    },
  });
  const out = resolve(values.out);
  const kernel = values.kernel ?? join(out, `vmlinuz-${values.arch}`);
  const initramfs = values.initramfs ?? join(out, `initramfs-${values.arch}.xz`);
  const mtime = Number(process.env.SOURCE_DATE_EPOCH ?? 0);
  const layout = buildLayout({
    image: values.image,
    tag: values.tag,
    platforms: [
      {
        arch: values.arch,
        files: installerFiles(values.arch, readFileSync(kernel), readFileSync(initramfs)),
      },
    ],
    mtime,
  });
  mkdirSync(out, { recursive: true });
  const target = join(out, `installer-${values.arch}.tar`);
  writeFileSync(`${target}.partial`, layoutTar(layout, mtime));
  renameSync(`${target}.partial`, target);
  const size = statSync(target).size;
  console.log(
    `${target}: ${(size / 1048576).toFixed(1)} MiB (${size} bytes), ${values.image}:${values.tag} ${layout.digest}`,
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
