import { generateSecretsBundle, type SecretsBundle } from '../../../src/cli/gen';

let cached: Promise<SecretsBundle> | undefined;
/** One bundle per test file (RSA service account key kept small for speed). */
export function sharedBundle(): Promise<SecretsBundle> {
  cached ??= generateSecretsBundle({ serviceAccountKeyAlgorithm: 'rsa-2048' });
  return cached;
}

export const b64pem = (s: unknown): string => Buffer.from(String(s), 'base64').toString('utf8');
