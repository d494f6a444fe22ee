// Debian's docker-registry (distribution 2.8) with its own config and storage directory: started on a
// loopback address for `make k8s-images` to push into, and by the tests as the nodes' mirror. Also the
// registry API's push (monolithic blob uploads, cross-repository mounts, manifests by tag).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, openSync, closeSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REGISTRY_BINARY = 'docker-registry';

/** The registry's config.yml: file-system storage under `dir`, plain HTTP on `addr`. */
export function registryConfig(dir, addr) {
  return [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(join(dir, 'storage'))}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${JSON.stringify(addr)}`,
    '  headers:',
    '    X-Content-Type-Options: [nosniff]',
    '',
  ].join('\n');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the registry on `addr` (host:port on loopback) with config and storage under `dir`; resolves
 * when /v2/ answers. `stop()` sends SIGTERM and waits for the process to exit.
 */
export async function startRegistry({
  dir,
  addr,
  binary = REGISTRY_BINARY,
  timeoutMs = 20_000,
  spawnPrefix = [],
}) {
  dir = resolve(dir);
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const config = join(dir, 'config.yml');
  writeFileSync(`${config}.tmp`, registryConfig(dir, addr));
  renameSync(`${config}.tmp`, config);
  const log = openSync(join(dir, 'registry.log'), 'a');
  const argv = [...spawnPrefix, binary, 'serve', config];
  let child;
  try {
    child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', log, log] });
  } finally {
    closeSync(log);
  }
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  let spawnError;
  child.once('error', (e) => (spawnError = e));
  const url = `http://${addr}`;
  const deadline = Date.now() + timeoutMs;
  let ready = false;
  while (!ready && Date.now() < deadline) {
    if (spawnError)
      throw new Error(`cannot start ${binary}: ${spawnError.message} (apt-get install docker-registry)`);
    if (child.exitCode !== null)
      throw new Error(`${binary} exited with ${child.exitCode}; see ${join(dir, 'registry.log')}`);
    try {
      const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      ready = res.status === 200;
    } catch {
      await sleep(100);
    }
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };
  if (!ready) {
    await stop();
    throw new Error(
      `${binary} did not answer on ${url} within ${timeoutMs} ms; see ${join(dir, 'registry.log')}`,
    );
  }
  return { url, addr, dir, pid: child.pid, stop };
}

export const digestOf = (b) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function expect(res, ok, what) {
  if (!ok.includes(res.status)) {
    const body = await res.text();
    throw new Error(`${what}: HTTP ${res.status} ${body.slice(0, 300)}`);
  }
  await res.arrayBuffer().catch(() => undefined);
  return res;
}

/**
 * Pushes blobs (Map digest → Buffer) then the manifest to `<url>/v2/<repo>` under `tag`. A blob already
 * in the repository is skipped; one in `mountFrom` (another repository of the same registry) is mounted.
 */
export async function pushImage(url, repo, tag, { blobs, manifest, mediaType }, mountFrom = new Map()) {
  let uploaded = 0;
  for (const [digest, data] of blobs) {
    const head = await fetch(`${url}/v2/${repo}/blobs/${digest}`, { method: 'HEAD' });
    if (head.status === 200) continue;
    const from = mountFrom.get(digest);
    if (from !== undefined && from !== repo) {
      const m = await fetch(`${url}/v2/${repo}/blobs/uploads/?mount=${digest}&from=${from}`, {
        method: 'POST',
      });
      await m.arrayBuffer();
      if (m.status === 201) continue;
    }
    const start = await expect(
      await fetch(`${url}/v2/${repo}/blobs/uploads/`, { method: 'POST' }),
      [202],
      `start upload to ${repo}`,
    );
    const location = new URL(start.headers.get('location'), url);
    location.searchParams.set('digest', digest);
    await expect(
      await fetch(location, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(data.length) },
        body: data,
      }),
      [201],
      `upload ${digest} to ${repo}`,
    );
    uploaded += data.length;
    mountFrom.set(digest, repo);
  }
  for (const digest of blobs.keys()) if (!mountFrom.has(digest)) mountFrom.set(digest, repo);
  await expect(
    await fetch(`${url}/v2/${repo}/manifests/${tag}`, {
      method: 'PUT',
      headers: { 'content-type': mediaType },
      body: manifest,
    }),
    [201],
    `put manifest ${repo}:${tag}`,
  );
  return { digest: digestOf(manifest), uploaded };
}
