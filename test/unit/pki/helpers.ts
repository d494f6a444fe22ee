import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs a shell pipeline with the given files written to a scratch directory; returns stdout. */
export function sh(script: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'pki-test-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return execFileSync('sh', ['-c', script], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function pemLabel(pem: string): string {
  return /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1] ?? '';
}
