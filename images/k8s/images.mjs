// The Kubernetes images of `make k8s-images`, assembled from the binaries and staged Debian packages that
// images/k8s/build.sh made, named and tagged as Talos names them, and pushed into the registry (started
// here, stopped at the end). Each image is one OCI manifest (linux/amd64) over a few gzip layers; the
// base layers are shared between images (pushed once, mounted into the other repositories).
//
//   node images/k8s/images.mjs --out _out/k8s --registry-dir _out/registry --registry-addr 127.0.0.1:5000 \
//     --kubernetes "v1.36.3" --coredns v1.14.6 --flannel v0.28.10 --pause 3.10.1
//
// Writes <out>/images.json: every image's reference, the repository and tag in the registry, and digest.
import { lstatSync, readFileSync, readdirSync, readlinkSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { writeTar } from '../lib/tar.mjs';
import { digestOf, pushImage, startRegistry } from './registry.mjs';

const MEDIA = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
};
const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const MTIME = Number(process.env.SOURCE_DATE_EPOCH ?? 0);

/** Tar entries for a directory tree (sorted; modes kept; symlinks as symlinks), under `prefix`. */
function treeEntries(dir, prefix = '') {
  const out = [];
  const walk = (abs, rel) => {
    for (const name of readdirSync(abs).sort()) {
      const a = join(abs, name);
      const r = rel === '' ? name : `${rel}/${name}`;
      const st = lstatSync(a);
      const mode = st.mode & 0o7777;
      if (st.isSymbolicLink()) out.push({ name: prefix + r, type: 'symlink', linkname: readlinkSync(a) });
      else if (st.isDirectory()) {
        out.push({ name: prefix + r, type: 'dir', mode });
        walk(a, r);
      } else if (st.isFile()) out.push({ name: prefix + r, data: readFileSync(a), mode });
    }
  };
  walk(dir, '');
  return out;
}

/** Directories leading to each file path, then the files (binaries, mode 0755). */
function fileEntries(files) {
  const dirs = new Set();
  for (const { path } of files) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return [
    ...[...dirs].sort().map((name) => ({ name, type: 'dir', mode: 0o755 })),
    ...files.map(({ path, src, mode = 0o755 }) => ({ name: path, data: readFileSync(src), mode })),
  ];
}

function layer(entries) {
  const tar = writeTar(entries, { mtime: MTIME });
  const blob = gzipSync(tar, { level: 6 });
  return { diffId: digestOf(tar), blob, digest: digestOf(blob) };
}

/** The netfilter base layer: the staged packages, merged /usr's top-level links, iptables → nft. */
function netfilterLayer(stage) {
  const root = ['bin', 'lib', 'lib64', 'sbin'].map((d) => ({
    name: d,
    type: 'symlink',
    linkname: `usr/${d}`,
  }));
  const tools = [
    'iptables',
    'iptables-save',
    'iptables-restore',
    'ip6tables',
    'ip6tables-save',
    'ip6tables-restore',
  ];
  const alternatives = tools.map((t) => ({
    name: `usr/sbin/${t}`,
    type: 'symlink',
    linkname: 'xtables-nft-multi',
  }));
  return layer([...root, ...treeEntries(stage), ...alternatives]);
}

/**
 * The kubelet's base files, as on Debian: /var/run a link to /run (the kubelet's container has the
 * node's /run bound at /var/run — Talos's mount — which through the link is the container's /run, where
 * the kubelet finds the CRI socket), and /etc/passwd and /etc/group with root only (the kubelet reads
 * them for its user namespace mappings).
 */
function kubeletBaseLayer() {
  return layer([
    { name: 'etc', type: 'dir', mode: 0o755 },
    { name: 'etc/group', data: Buffer.from('root:x:0:\n'), mode: 0o644 },
    { name: 'etc/passwd', data: Buffer.from('root:x:0:0:root:/root:/bin/sh\n'), mode: 0o644 },
    { name: 'var', type: 'dir', mode: 0o755 },
    { name: 'var/run', type: 'symlink', linkname: '../run' },
  ]);
}

function cniLayer(stage) {
  const plugins = readdirSync(join(stage, 'usr/lib/cni')).sort();
  return layer(
    fileEntries(plugins.map((p) => ({ path: `opt/cni/bin/${p}`, src: join(stage, 'usr/lib/cni', p) }))),
  );
}

function image(layers, entrypoint) {
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: new Date(MTIME * 1000).toISOString(),
      config: { Entrypoint: entrypoint, Env: [PATH_ENV] },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    }),
  );
  const blobs = new Map([[digestOf(config), config], ...layers.map((l) => [l.digest, l.blob])]);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA.manifest,
      config: { mediaType: MEDIA.config, digest: digestOf(config), size: config.length },
      layers: layers.map((l) => ({ mediaType: MEDIA.layerGzip, digest: l.digest, size: l.blob.length })),
    }),
  );
  return { blobs, manifest, mediaType: MEDIA.manifest };
}

/** `registry.k8s.io/kube-apiserver:v1.36.3` → repository `kube-apiserver`, tag `v1.36.3` (in the mirror). */
export function mirrorPath(ref) {
  const colon = ref.lastIndexOf(':');
  const name = ref.slice(0, colon);
  return { repo: name.slice(name.indexOf('/') + 1), tag: ref.slice(colon + 1) };
}

/** Every image: Talos's reference, what it is made of (layer thunks) and its entrypoint. */
export function imageSet({ out, kubernetes, coredns, flannel, pause }) {
  const bin = join(out, 'bin');
  const memo = (f) => {
    let v;
    return () => (v ??= f());
  };
  const netfilter = memo(() => netfilterLayer(join(out, 'stage/netfilter')));
  const cni = memo(() => cniLayer(join(out, 'stage/cni')));
  const local = (name, src) => () => layer(fileEntries([{ path: `usr/local/bin/${name}`, src }]));
  const set = [];
  for (const v of kubernetes) {
    const k = (c) => join(bin, v, c);
    set.push({
      ref: `ghcr.io/siderolabs/kubelet:${v}`,
      layers: [netfilter, cni, kubeletBaseLayer, local('kubelet', k('kubelet'))],
      entrypoint: ['/usr/local/bin/kubelet'],
    });
    for (const c of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'])
      set.push({
        ref: `registry.k8s.io/${c}:${v}`,
        layers: [local(c, k(c))],
        entrypoint: [`/usr/local/bin/${c}`],
      });
    set.push({
      ref: `registry.k8s.io/kube-proxy:${v}`,
      layers: [netfilter, local('kube-proxy', k('kube-proxy'))],
      entrypoint: ['/usr/local/bin/kube-proxy'],
    });
  }
  set.push({
    ref: `registry.k8s.io/coredns/coredns:${coredns}`,
    layers: [() => layer(fileEntries([{ path: 'coredns', src: join(bin, 'coredns') }]))],
    entrypoint: ['/coredns'],
  });
  set.push({
    // Talos's tag has no leading v (constants.FlannelVersion).
    ref: `ghcr.io/siderolabs/flannel:${flannel.replace(/^v/, '')}`,
    layers: [
      netfilter,
      () =>
        layer(
          fileEntries([
            { path: 'opt/bin/flanneld', src: join(bin, 'flannel') },
            { path: 'flannel', src: join(bin, 'flannel-cni') },
          ]),
        ),
    ],
    entrypoint: ['/opt/bin/flanneld'],
  });
  set.push({
    ref: `registry.k8s.io/pause:${pause}`,
    layers: [() => layer(fileEntries([{ path: 'pause', src: join(bin, 'pause') }]))],
    entrypoint: ['/pause'],
  });
  return set;
}

async function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      'registry-dir': { type: 'string' },
      'registry-addr': { type: 'string', default: '127.0.0.1:5000' },
      kubernetes: { type: 'string', default: 'v1.36.3' },
      coredns: { type: 'string', default: 'v1.14.6' },
      flannel: { type: 'string', default: 'v0.28.10' },
      pause: { type: 'string', default: '3.10.1' },
    },
  });
  const out = resolve(values.out);
  const set = imageSet({
    out,
    kubernetes: values.kubernetes.split(/\s+/).filter(Boolean),
    coredns: values.coredns,
    flannel: values.flannel,
    pause: values.pause,
  });
  const registry = await startRegistry({ dir: values['registry-dir'], addr: values['registry-addr'] });
  const pushed = [];
  try {
    const mounts = new Map();
    for (const entry of set) {
      const started = Date.now();
      const img = image(
        entry.layers.map((l) => l()),
        entry.entrypoint,
      );
      const { repo, tag } = mirrorPath(entry.ref);
      const { digest, uploaded } = await pushImage(registry.url, repo, tag, img, mounts);
      const size = [...img.blobs.values()].reduce((n, b) => n + b.length, 0);
      pushed.push({ ref: entry.ref, repo, tag, digest, size });
      console.log(
        `${entry.ref} → ${registry.addr}/${repo}:${tag} ${digest} (${(size / 1048576).toFixed(1)} MiB, ` +
          `${(uploaded / 1048576).toFixed(1)} MiB uploaded, ${Date.now() - started} ms)`,
      );
    }
  } finally {
    const { code, signal } = await registry.stop();
    console.log(`registry stopped (${signal ?? `exit ${code}`})`);
  }
  const list = join(out, 'images.json');
  writeFileSync(
    `${list}.tmp`,
    JSON.stringify({ registryDir: resolve(values['registry-dir']), images: pushed }, null, 2) + '\n',
  );
  renameSync(`${list}.tmp`, list);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === new URL(import.meta.url).pathname)
  await main();
