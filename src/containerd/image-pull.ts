// Pulling an image into a containerd instance from a registry mirror: containerd's own client (`ctr
// images pull`) fetches, checks and unpacks `<mirror host>/<repository>:<tag>`, which is then named as
// the image itself. Each mirror endpoint is tried in order and the public registry never (ctr 1.6's
// --hosts-dir falls back to it whatever hosts.toml says). Used for the kubelet image in the system
// containerd.
import { spawn } from 'node:child_process';
import { errorMessage } from '../error-message';

export const DEFAULT_CTR_BIN = '/usr/bin/ctr';
/** The ctr binary: $TALOS_TS_CTR_BIN, else /usr/bin/ctr. */
export const ctrBin = (): string => process.env['TALOS_TS_CTR_BIN'] ?? DEFAULT_CTR_BIN;

export class ImagePullError extends Error {
  constructor(
    readonly ref: string,
    readonly reason: string,
  ) {
    super(`failed to pull image ${ref}: ${reason}`);
    this.name = 'ImagePullError';
  }
}

export interface MirrorEndpoint {
  /** `http://127.0.0.1:5000` (a path other than `/` or `/v2` is not supported). */
  readonly url: string;
  /** PEM CA bundle, client certificate and key files, skip verification (the mirror host's TLS). */
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly insecureSkipVerify?: boolean;
}

export interface PullOptions {
  readonly socket: string;
  readonly namespace: string;
  /** The image as the node names it (`ghcr.io/siderolabs/kubelet:v1.36.3`). */
  readonly ref: string;
  /** Its repository and tag or digest (`siderolabs/kubelet`, `v1.36.3`). */
  readonly repository: string;
  readonly reference: string;
  readonly mirrors: readonly MirrorEndpoint[];
  readonly snapshotter?: string;
  /** `user:password` for the image's registry. */
  readonly credentials?: string;
  readonly bin?: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/** ctr's last error line, without its `ctr: ` prefix (the registry's answer is in it). */
export function ctrError(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const last = [...lines].reverse().find((l) => l.startsWith('ctr: ')) ?? lines.at(-1) ?? 'unknown error';
  return last.replace(/^ctr: /, '');
}

function ctr(bin: string, args: string[], opts: PullOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--address', opts.socket, '--namespace', opts.namespace, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(opts.signal ? { signal: opts.signal } : {}),
      timeout: opts.timeoutMs ?? 10 * 60_000,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-8192);
    });
    child.once('error', (e) => reject(new ImagePullError(opts.ref, `${bin}: ${e.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new ImagePullError(opts.ref, signal !== null ? `killed by ${signal}` : ctrError(stderr)));
    });
  });
}

/** `<host>/<repository>:<tag>` (or `@digest`) on the mirror. */
export function mirrorReference(endpoint: string, repository: string, reference: string): string {
  const u = new URL(endpoint);
  const path = u.pathname.replace(/\/+$/, '');
  if (path !== '' && path !== '/v2')
    throw new Error(`mirror endpoint ${endpoint}: a path is not supported here`);
  return `${u.host}/${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`;
}

/** Pulls from the first mirror that has the image; the error names every mirror's answer. */
export async function pullImage(opts: PullOptions): Promise<void> {
  const bin = opts.bin ?? ctrBin();
  const errors: string[] = [];
  for (const m of opts.mirrors) {
    let mirrorRef: string;
    try {
      mirrorRef = mirrorReference(m.url, opts.repository, opts.reference);
    } catch (e: unknown) {
      errors.push(errorMessage(e));
      continue;
    }
    const tls = [
      ...(new URL(m.url).protocol === 'http:' ? ['--plain-http'] : []),
      ...(m.caFile ? ['--tlscacert', m.caFile] : []),
      ...(m.certFile ? ['--tlscert', m.certFile] : []),
      ...(m.keyFile ? ['--tlskey', m.keyFile] : []),
      ...(m.insecureSkipVerify ? ['--skip-verify'] : []),
    ];
    try {
      await ctr(
        bin,
        [
          'images',
          'pull',
          ...tls,
          '--snapshotter',
          opts.snapshotter ?? 'overlayfs',
          ...(opts.credentials !== undefined ? ['--user', opts.credentials] : []),
          mirrorRef,
        ],
        opts,
      );
      // Pulled from the image's own registry (no mirror for it): it already has its name.
      if (mirrorRef !== opts.ref) {
        await ctr(bin, ['images', 'tag', '--force', mirrorRef, opts.ref], opts);
        await ctr(bin, ['images', 'rm', mirrorRef], opts);
      }
      return;
    } catch (e: unknown) {
      if (opts.signal?.aborted) throw e;
      errors.push(e instanceof ImagePullError ? e.reason : String(e));
    }
  }
  throw new ImagePullError(opts.ref, errors.length > 0 ? errors.join('; ') : 'no mirror endpoints');
}
