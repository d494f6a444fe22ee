// Pulling an installer image's boot assets over the registry HTTP API from a registry on a loopback address.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildLayout, installerFiles, type OciLayout } from '../../images/installer.mjs';
import { writeTar, type TarWriteEntry } from '../../images/lib/tar.mjs';
import { isImagePullError, pullFiles, type PullFilesOptions } from '../../src/oci/registry-client';
import { REPO } from '../harness/agent';
import { startRegistry, type TestRegistry, type TestRegistryOptions } from '../harness/oci-registry';

const HOST = '127.0.0.70';
const MIRROR_HOST = '127.0.0.71';
const KERNEL = 'usr/install/amd64/vmlinuz';
const INITRAMFS = 'usr/install/amd64/initramfs.xz';
const WANTED = [KERNEL, INITRAMFS];

const work = mkdtempSync(join(tmpdir(), 'oci-pull-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const registries: TestRegistry[] = [];
afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.close()));
});

async function registry(opts: TestRegistryOptions): Promise<TestRegistry> {
  const r = await startRegistry(opts);
  registries.push(r);
  return r;
}

let dirs = 0;
const freshDir = (): string => join(work, `dest-${dirs++}`);
const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const kernel = Buffer.from('fake kernel '.repeat(300));
const initramfs = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 31) & 0xff));

function installer(tag = 'v1.13.9'): OciLayout {
  return buildLayout({
    image: 'ghcr.io/siderolabs/installer',
    tag,
    platforms: [{ arch: 'amd64', files: installerFiles('amd64', kernel, initramfs) }],
  });
}

function pull(r: TestRegistry, opts: Partial<PullFilesOptions> = {}): ReturnType<typeof pullFiles> {
  return pullFiles({
    ref: `${r.host}/siderolabs/installer:v1.13.9`,
    wanted: WANTED,
    destDir: freshDir(),
    endpoints: [r.url],
    signal: AbortSignal.timeout(30_000),
    ...opts,
  });
}

/** A layout with hand-made layers (the first descriptor in index.json tagged `tag`). */
function customLayout(
  layers: { entries?: TarWriteEntry[]; raw?: Buffer; mediaType?: string; gzip?: boolean }[],
  tag = 'v1.13.9',
): OciLayout {
  const blobs = new Map<string, Buffer>();
  const add = (data: Buffer, mediaType: string): { mediaType: string; digest: string; size: number } => {
    blobs.set(sha256(data), data);
    return { mediaType, digest: sha256(data), size: data.length };
  };
  const descs = layers.map((l) => {
    const tar = l.raw ?? writeTar(l.entries ?? []);
    const gz = l.gzip ?? true;
    const mediaType = l.mediaType ?? `application/vnd.oci.image.layer.v1.tar${gz ? '+gzip' : ''}`;
    return add(gz && l.raw === undefined ? gzipSync(tar) : tar, mediaType);
  });
  const config = add(
    Buffer.from('{"architecture":"amd64","os":"linux"}'),
    'application/vnd.oci.image.config.v1+json',
  );
  const manifest = add(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config,
        layers: descs,
      }),
    ),
    'application/vnd.oci.image.manifest.v1+json',
  );
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ ...manifest, annotations: { 'org.opencontainers.image.ref.name': tag } }],
    }),
  );
  return { blobs, index, digest: manifest.digest };
}

async function closedPort(host: string): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, host, resolve));
  const { port } = s.address() as { port: number };
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function failure(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Error);
  return e as Error;
}

describe('pullFiles', () => {
  it('pulls the boot assets from the archive images/installer.mjs writes', async () => {
    const out = join(work, 'installer-out');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'vmlinuz-amd64'), kernel);
    writeFileSync(join(out, 'initramfs-amd64.xz'), initramfs);
    const printed = execFileSync(
      'node',
      [join(REPO, 'images/installer.mjs'), '--out', out, '--tag', 'v1.13.9'],
      {
        encoding: 'utf8',
      },
    );
    expect(printed).toMatch(/installer-amd64\.tar: .* bytes/);
    const r = await registry({
      host: HOST,
      repos: { 'siderolabs/installer': join(out, 'installer-amd64.tar') },
    });

    const destDir = freshDir();
    const result = await pull(r, { destDir });
    expect(sha256(readFileSync(join(destDir, KERNEL)))).toBe(sha256(kernel));
    expect(sha256(readFileSync(join(destDir, INITRAMFS)))).toBe(sha256(initramfs));
    expect(result.files).toEqual({ [KERNEL]: join(destDir, KERNEL), [INITRAMFS]: join(destDir, INITRAMFS) });
    expect(result.digest).toBe(installer().digest); // reproducible: same files, same digests
    expect(result.endpoint).toBe(`${r.url}/v2`);
    // nothing else left behind (no staging directory)
    expect(readdirSync(destDir)).toEqual(['usr']);

    const manifestReq = r.requests.find((q) => q.path.endsWith('/manifests/v1.13.9'));
    expect(manifestReq?.status).toBe(200);
    expect(manifestReq?.accept).toContain('application/vnd.oci.image.manifest.v1+json');
    expect(manifestReq?.accept).toContain('application/vnd.docker.distribution.manifest.list.v2+json');
  });

  it('maps image paths to chosen destination names', async () => {
    const r = await registry({ host: HOST, repos: { 'siderolabs/installer': installer() } });
    const destDir = freshDir();
    await pull(r, { destDir, wanted: { [KERNEL]: 'vmlinuz', [INITRAMFS]: 'initramfs.xz' } });
    expect(readdirSync(destDir).sort()).toEqual(['initramfs.xz', 'vmlinuz']);
    expect(sha256(readFileSync(join(destDir, 'vmlinuz')))).toBe(sha256(kernel));
  });

  it('picks linux/amd64 (or the asked architecture) from an image index', async () => {
    const arm = Buffer.from('arm64 kernel');
    const layout = buildLayout({
      image: 'ghcr.io/siderolabs/installer',
      tag: 'v1.13.9',
      platforms: [
        { arch: 'arm64', files: installerFiles('arm64', arm, Buffer.from('arm64 initramfs')) },
        { arch: 'amd64', files: installerFiles('amd64', kernel, initramfs) },
      ],
    });
    const r = await registry({ host: HOST, repos: { 'siderolabs/installer': layout } });
    const index = JSON.parse(layout.blobs.get(layout.digest)!.toString()) as {
      manifests: { digest: string }[];
    };

    const destDir = freshDir();
    const amd = await pull(r, { destDir });
    expect(sha256(readFileSync(join(destDir, KERNEL)))).toBe(sha256(kernel));
    expect(amd.resolvedDigest).toBe(layout.digest);
    expect(amd.digest).toBe(index.manifests[1]!.digest);
    expect(r.requests.some((q) => q.path.endsWith(`/manifests/${index.manifests[1]!.digest}`))).toBe(true);
    expect(r.requests.some((q) => q.path.endsWith(`/manifests/${index.manifests[0]!.digest}`))).toBe(false);

    const armDir = freshDir();
    const armPull = await pull(r, { destDir: armDir, arch: 'arm64', wanted: ['usr/install/arm64/vmlinuz'] });
    expect(sha256(readFileSync(join(armDir, 'usr/install/arm64/vmlinuz')))).toBe(sha256(arm));
    expect(armPull.digest).toBe(index.manifests[0]!.digest);

    const e = await failure(pull(r, { arch: 's390x' }));
    expect(isImagePullError(e, 'not-found')).toBe(true);
    expect(e.message).toMatch(/no linux\/s390x image in the index \(it has linux\/arm64, linux\/amd64\)/);
  });

  it('gets an anonymous Bearer token when challenged, and follows blob redirects', async () => {
    const r = await registry({
      host: HOST,
      repos: { 'siderolabs/installer': installer() },
      token: true,
      redirectBlobs: true,
    });
    const destDir = freshDir();
    await pull(r, { destDir });
    expect(sha256(readFileSync(join(destDir, INITRAMFS)))).toBe(sha256(initramfs));
    expect(r.tokensIssued).toEqual([
      { service: 'talos-ts-test', scope: 'repository:siderolabs/installer:pull' },
    ]);
    expect(r.requests[0]).toMatchObject({ status: 401 });
    expect(r.requests[0]!.authorization).toBeUndefined();
    const authorized = r.requests.filter((q) => q.path.startsWith('/v2/') && q.status === 200);
    expect(authorized.length).toBeGreaterThan(0);
    expect(authorized.every((q) => q.authorization?.startsWith('Bearer ') === true)).toBe(true);
    expect(r.requests.filter((q) => q.path.startsWith('/_blobs/') && q.status === 200)).toHaveLength(1);
  });

  it('sends Basic credentials to the token endpoint, and fails clearly without them', async () => {
    const creds = { username: 'puller', password: 's3cret-pw' };
    const r = await registry({ host: HOST, repos: { 'siderolabs/installer': installer() }, token: creds });
    const e = await failure(pull(r));
    expect(isImagePullError(e, 'unauthorized')).toBe(true);
    expect(e.message).toContain(`${r.url}/token`);
    expect(e.message).toContain('401');

    const destDir = freshDir();
    await pull(r, { destDir, credentials: { [r.host]: creds } });
    expect(sha256(readFileSync(join(destDir, KERNEL)))).toBe(sha256(kernel));
  });

  it('refuses a corrupted layer with a digest error and leaves destDir unchanged', async () => {
    const layout = installer();
    const manifest = JSON.parse(layout.blobs.get(layout.digest)!.toString()) as {
      layers: { digest: string }[];
    };
    const layerDigest = manifest.layers[0]!.digest;
    const r = await registry({ host: HOST, repos: { 'siderolabs/installer': layout } });
    const corrupt = Buffer.from(layout.blobs.get(layerDigest)!);
    const mid = corrupt.length >> 1;
    corrupt[mid] = corrupt[mid]! ^ 0xff; // same size, damaged in the middle of the deflate stream
    r.replace(layerDigest, corrupt);

    const destDir = freshDir();
    mkdirSync(join(destDir, 'usr/install/amd64'), { recursive: true });
    writeFileSync(join(destDir, KERNEL), 'previous kernel');
    const e = await failure(pull(r, { destDir }));
    expect(isImagePullError(e, 'digest-mismatch')).toBe(true);
    expect(e.message).toContain(layerDigest);
    expect(e.message).toContain(`${r.url}/v2`);
    expect(readFileSync(join(destDir, KERNEL), 'utf8')).toBe('previous kernel');
    expect(existsSync(join(destDir, INITRAMFS))).toBe(false);
    expect(readdirSync(destDir)).toEqual(['usr']);

    // a longer blob is cut off at its declared size
    r.replace(layerDigest, Buffer.concat([layout.blobs.get(layerDigest)!, Buffer.from('extra')]));
    expect(isImagePullError(await failure(pull(r)), 'digest-mismatch')).toBe(true);
  });

  it('refuses a manifest that does not match the digest it was asked for', async () => {
    const layout = installer();
    const r = await registry({ host: HOST, repos: { 'siderolabs/installer': layout } });
    const doc = JSON.parse(layout.blobs.get(layout.digest)!.toString()) as Record<string, unknown>;
    r.replace(layout.digest, Buffer.from(JSON.stringify({ ...doc, extra: true })));
    const e = await failure(pull(r, { ref: `${r.host}/siderolabs/installer@${layout.digest}` }));
    expect(isImagePullError(e, 'digest-mismatch')).toBe(true);
    expect(e.message).toMatch(/manifest .* digest mismatch/);
    // by tag, the Docker-Content-Digest header is checked against the body as well
    expect(isImagePullError(await failure(pull(r)), 'digest-mismatch')).toBe(true);
  });

  it('reports an unknown tag as not found', async () => {
    const r = await registry({ host: HOST, repos: { 'siderolabs/installer': installer() } });
    const e = await failure(pull(r, { ref: `${r.host}/siderolabs/installer:v9.9.9` }));
    expect(isImagePullError(e, 'not-found')).toBe(true);
    expect(e.message).toContain(`image "${r.host}/siderolabs/installer:v9.9.9" not found`);
    expect(e.message).toContain(`${r.url}/v2`);
    const other = await failure(pull(r, { ref: `${r.host}/siderolabs/nothing:v1` }));
    expect(isImagePullError(other, 'not-found')).toBe(true);
  });

  it('tries mirrors first and falls back to the next endpoint when one is down', async () => {
    const upstream = await registry({ host: HOST, repos: { 'siderolabs/installer': installer() } });
    const mirror = await registry({ host: MIRROR_HOST, repos: { 'siderolabs/installer': installer() } });
    const down = `http://${MIRROR_HOST}:${await closedPort(MIRROR_HOST)}`;

    const viaMirror = await pull(upstream, { endpoints: [mirror.url, upstream.url] });
    expect(viaMirror.endpoint).toBe(`${mirror.url}/v2`);
    expect(upstream.requests).toHaveLength(0);

    const logged: unknown[] = [];
    const logger = { info: () => undefined, warn: (o: unknown) => void logged.push(o) };
    const destDir = freshDir();
    const fallback = await pull(upstream, {
      destDir,
      endpoints: [down, upstream.url],
      logger,
    });
    expect(fallback.endpoint).toBe(`${upstream.url}/v2`);
    expect(sha256(readFileSync(join(destDir, KERNEL)))).toBe(sha256(kernel));
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0])).toContain('ECONNREFUSED');

    // a mirror without the tag also falls through to the next endpoint
    const empty = await registry({
      host: MIRROR_HOST,
      repos: { 'siderolabs/installer': installer('v0.0.1') },
    });
    expect((await pull(upstream, { endpoints: [empty.url, upstream.url] })).endpoint).toBe(
      `${upstream.url}/v2`,
    );

    const e = await failure(pull(upstream, { endpoints: [down] }));
    expect(isImagePullError(e, 'failed')).toBe(true);
    expect(e.message).toContain(down);
    expect(e.message).toContain('ECONNREFUSED');
  });

  it('applies layers in order: later files win, whiteouts remove', async () => {
    const base: TarWriteEntry[] = [
      { name: KERNEL, data: Buffer.from('old kernel') },
      { name: INITRAMFS, data: Buffer.from('old initramfs') },
    ];
    const r = await registry({
      host: HOST,
      repos: {
        'over/write': customLayout([
          { entries: base },
          { entries: [{ name: KERNEL, data: Buffer.from('new kernel') }], gzip: false },
        ]),
        'white/out': customLayout([
          { entries: base },
          { entries: [{ name: 'usr/install/amd64/.wh.initramfs.xz', data: Buffer.alloc(0) }] },
        ]),
        'opaque/dir': customLayout([
          { entries: base },
          {
            entries: [
              { name: 'usr/install/amd64/.wh..wh..opq', data: Buffer.alloc(0) },
              { name: KERNEL, data: Buffer.from('k3') },
            ],
          },
        ]),
        'dir/gone': customLayout([
          { entries: base },
          { entries: [{ name: 'usr/.wh.install', data: Buffer.alloc(0) }] },
        ]),
        'sym/link': customLayout([
          { entries: [...base, { name: INITRAMFS, type: 'symlink', linkname: 'elsewhere' }] },
        ]),
      },
    });
    const destDir = freshDir();
    await pull(r, { ref: `${r.host}/over/write:v1.13.9`, destDir });
    expect(readFileSync(join(destDir, KERNEL), 'utf8')).toBe('new kernel');
    expect(readFileSync(join(destDir, INITRAMFS), 'utf8')).toBe('old initramfs');

    const whiteout = await failure(pull(r, { ref: `${r.host}/white/out:v1.13.9` }));
    expect(isImagePullError(whiteout, 'missing-file')).toBe(true);
    expect(whiteout.message).toContain(`has no file ${INITRAMFS}`);

    const opaque = freshDir();
    await expect(pull(r, { ref: `${r.host}/opaque/dir:v1.13.9`, destDir: opaque })).rejects.toThrow(
      /has no file .*initramfs/,
    );
    await pull(r, { ref: `${r.host}/opaque/dir:v1.13.9`, destDir: opaque, wanted: [KERNEL] });
    expect(readFileSync(join(opaque, KERNEL), 'utf8')).toBe('k3');

    await expect(pull(r, { ref: `${r.host}/dir/gone:v1.13.9`, wanted: [KERNEL] })).rejects.toThrow(
      /has no file/,
    );
    const sym = await failure(pull(r, { ref: `${r.host}/sym/link:v1.13.9` }));
    expect(sym.message).toContain('is a symlink, not a regular file');
  });

  it('refuses zstd layers and oversized manifests', async () => {
    const zstdMagic = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]);
    const huge = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        layers: [],
        padding: 'x'.repeat(4 * 1024 * 1024),
      }),
    );
    const hugeIndex = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: sha256(huge),
            size: huge.length,
            annotations: { 'org.opencontainers.image.ref.name': 'big' },
          },
        ],
      }),
    );
    const r = await registry({
      host: HOST,
      repos: {
        'z/std': customLayout([
          { raw: zstdMagic, mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd', gzip: false },
        ]),
        'z/sniffed': customLayout([{ raw: zstdMagic, gzip: false }]),
        'big/manifest': { blobs: new Map([[sha256(huge), huge]]), index: hugeIndex },
      },
    });
    for (const repo of ['z/std', 'z/sniffed']) {
      const e = await failure(pull(r, { ref: `${r.host}/${repo}:v1.13.9` }));
      expect(isImagePullError(e, 'unsupported')).toBe(true);
      expect(e.message).toMatch(/zstd/);
    }
    const big = await failure(pull(r, { ref: `${r.host}/big/manifest:big` }));
    expect(big.message).toMatch(/more than the 4194304/);
  });

  it('stops when the signal fires', async () => {
    const r = await registry({ host: HOST, repos: { 'siderolabs/installer': installer() } });
    const ac = new AbortController();
    ac.abort(new Error('stop now'));
    await expect(pull(r, { signal: ac.signal })).rejects.toThrow('stop now');
  });
});
