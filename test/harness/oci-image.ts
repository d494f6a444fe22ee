// Test images without a registry: an OCI image layout archive (oci-layout, index.json, blobs/sha256/…)
// made of local files in one uncompressed layer, imported into a containerd with `ctr images import`
// (which also unpacks it for the snapshotter). The kubelet cannot be pulled here, so the kubelet service
// is exercised with an image holding the kubelet-health fixture as /usr/local/bin/kubelet.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO } from './agent';

/** One file of the layer: its path in the image (no leading slash) and where its bytes come from. */
export interface ImageFile {
  readonly path: string;
  readonly source?: string;
  readonly content?: Buffer;
  readonly mode?: number;
}

export interface OciImageOptions {
  /** The image's name, e.g. `ghcr.io/siderolabs/kubelet:v1.35.0`. */
  readonly ref: string;
  readonly files: readonly ImageFile[];
  /** Directories created empty (parents of files are added anyway). */
  readonly dirs?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly env?: readonly string[];
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A ustar header block: numbers in octal, the checksum over the header with its own field blank. */
function tarHeader(name: string, size: number, mode: number, type: '0' | '5'): Buffer {
  if (Buffer.byteLength(name) > 100) throw new RangeError(`tar name too long: ${name}`);
  const h = Buffer.alloc(512);
  const put = (value: string, offset: number, length: number): void => {
    h.write(value, offset, length, 'utf8');
  };
  const octal = (n: number, length: number): string => n.toString(8).padStart(length - 1, '0') + '\0';
  put(name, 0, 100);
  put(octal(mode, 8), 100, 8);
  put(octal(0, 8), 108, 8); // uid
  put(octal(0, 8), 116, 8); // gid
  put(octal(size, 12), 124, 12);
  put(octal(0, 12), 136, 12); // mtime
  put('        ', 148, 8);
  put(type, 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const byte of h) sum += byte;
  put(octal(sum, 7) + ' ', 148, 8);
  return h;
}

/** A tar of directories (mode 755) and files, in the order given, ending with two zero blocks. */
export function tar(entries: readonly { name: string; data?: Buffer; mode?: number }[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (e.data === undefined) {
      parts.push(tarHeader(e.name.endsWith('/') ? e.name : `${e.name}/`, 0, e.mode ?? 0o755, '5'));
      continue;
    }
    parts.push(tarHeader(e.name, e.data.length, e.mode ?? 0o644, '0'), e.data);
    const pad = (512 - (e.data.length % 512)) % 512;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** The image as an OCI layout tar; returns the archive and the manifest's digest. */
export function buildOciArchive(opts: OciImageOptions): { archive: Buffer; manifestDigest: string } {
  const dirs = new Set<string>(opts.dirs ?? []);
  for (const f of opts.files) {
    for (let d = dirname(f.path); d !== '.' && d !== '/'; d = dirname(d)) dirs.add(d);
  }
  const layer = tar([
    ...[...dirs].sort().map((name) => ({ name })),
    ...opts.files.map((f) => {
      const data = f.content ?? readFileSync(f.source!);
      const mode = f.mode ?? (f.source ? statSync(f.source).mode & 0o7777 : 0o644);
      return { name: f.path, data, mode };
    }),
  ]);
  const layerDigest = `sha256:${sha256(layer)}`;
  const config = Buffer.from(
    JSON.stringify({
      architecture: process.arch === 'arm64' ? 'arm64' : 'amd64',
      os: 'linux',
      config: {
        Env: opts.env ?? ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
        ...(opts.entrypoint ? { Entrypoint: opts.entrypoint } : {}),
      },
      rootfs: { type: 'layers', diff_ids: [layerDigest] },
    }),
  );
  const configDigest = `sha256:${sha256(config)}`;
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: configDigest,
        size: config.length,
      },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length },
      ],
    }),
  );
  const manifestDigest = `sha256:${sha256(manifest)}`;
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: manifestDigest,
          size: manifest.length,
          // containerd's importer names the image from this annotation.
          annotations: {
            'io.containerd.image.name': opts.ref,
            'org.opencontainers.image.ref.name': opts.ref,
          },
        },
      ],
    }),
  );
  const blob = (b: Buffer): { name: string; data: Buffer } => ({
    name: `blobs/sha256/${sha256(b)}`,
    data: b,
  });
  const archive = tar([
    { name: 'blobs' },
    { name: 'blobs/sha256' },
    blob(layer),
    blob(config),
    blob(manifest),
    { name: 'oci-layout', data: Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' })) },
    { name: 'index.json', data: index },
  ]);
  return { archive, manifestDigest };
}

/** `ctr -n <namespace> images import` of the archive into the containerd on `socket` (unpacked). */
export function importImage(
  ctr: string,
  socket: string,
  namespace: string,
  archive: Buffer,
  workDir: string,
): string {
  const file = join(workDir, `image-${sha256(archive).slice(0, 12)}.tar`);
  writeFileSync(file, archive);
  return execFileSync(ctr, ['--address', socket, '-n', namespace, 'images', 'import', file], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** Builds the kubelet-health fixture (static) into `dir`; returns the binary's path. */
export function buildKubeletHealth(dir: string, go = 'go'): string {
  const out = join(dir, 'kubelet');
  mkdirSync(dir, { recursive: true });
  execFileSync(go, ['build', '-trimpath', '-ldflags=-s -w', '-o', out, '.'], {
    cwd: join(REPO, 'test/fixtures/kubelet-health'),
    env: { ...process.env, CGO_ENABLED: '0' },
    timeout: 300_000,
  });
  return out;
}

/** An image named `ref` whose /usr/local/bin/kubelet is the kubelet-health binary. */
export function kubeletHealthImage(ref: string, binary: string): { archive: Buffer; manifestDigest: string } {
  return buildOciArchive({
    ref,
    files: [{ path: 'usr/local/bin/kubelet', source: binary, mode: 0o755 }],
    dirs: ['dev', 'etc', 'proc', 'run', 'sys', 'tmp', 'var', 'var/lib', 'var/log'],
  });
}
