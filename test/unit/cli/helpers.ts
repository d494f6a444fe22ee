import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { generateSecretsBundle, type SecretsBundle } from '../../../src/cli/gen';

/** Talos source mirror (bare git repo), used for golden-file comparisons when present. */
export const TALOS_MIRROR = '/work/.mirror/siderolabs+talos/repo';
export const TALOS_TAG = 'v1.13.9';

export function talosFile(path: string): string | undefined {
  if (!existsSync(TALOS_MIRROR)) return undefined;
  try {
    return execFileSync('git', ['-C', TALOS_MIRROR, 'show', `${TALOS_TAG}:${path}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
}

let cached: Promise<SecretsBundle> | undefined;
/** One bundle per test file (RSA service account key kept small for speed). */
export function sharedBundle(): Promise<SecretsBundle> {
  cached ??= generateSecretsBundle({ serviceAccountKeyAlgorithm: 'rsa-2048' });
  return cached;
}

export const b64pem = (s: unknown): string => Buffer.from(String(s), 'base64').toString('utf8');
