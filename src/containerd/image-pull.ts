// Pulling an image into a containerd instance through the node's registry hosts directory (the mirrors,
// TLS files and fallbacks that /etc/cri/conf.d/hosts holds): containerd's own client, `ctr images
// pull --hosts-dir`, fetches, checks and unpacks it. Used for the kubelet image in the system
// containerd, which Talos pulls through the same mirrors as the CRI.
import { spawn } from 'node:child_process';

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

export interface PullOptions {
  readonly socket: string;
  readonly namespace: string;
  readonly ref: string;
  /** containerd's hosts directory (mirrors per registry). */
  readonly hostsDir: string;
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

export function pullImage(opts: PullOptions): Promise<void> {
  const args = [
    '--address',
    opts.socket,
    '--namespace',
    opts.namespace,
    'images',
    'pull',
    '--hosts-dir',
    opts.hostsDir,
    '--snapshotter',
    opts.snapshotter ?? 'overlayfs',
    ...(opts.credentials !== undefined ? ['--user', opts.credentials] : []),
    opts.ref,
  ];
  const bin = opts.bin ?? ctrBin();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      signal: opts.signal,
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
