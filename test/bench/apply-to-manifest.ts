// From a no-reboot ApplyConfiguration that changes `cluster.apiServer.extraArgs` to the re-rendered
// kube-apiserver manifest on disk, over many applies; the baseline is the same request as a dry run
// (the API round trip with parsing, validation and diff, but no reconcile and no file).
import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestClient } from '../harness/client';

const APPLY = '/machine.MachineService/ApplyConfiguration';

export const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** p50/p99 of our latencies and the baseline's (ms), and their ratios: the fields of a latency figure. */
export function latencyFigures(ours: number[], base: number[]) {
  const p = (xs: number[], q: number) => +percentile(xs, q).toFixed(3);
  return {
    ours_p50_ms: p(ours, 50),
    ours_p99_ms: p(ours, 99),
    baseline_p50_ms: p(base, 50),
    baseline_p99_ms: p(base, 99),
    ratio_p50: percentile(ours, 50) / percentile(base, 50),
    ratio_p99: percentile(ours, 99) / percentile(base, 99),
  };
}

/** Resolves once the file contains `needle`, woken by inotify on its directory. */
async function untilContains(path: string, needle: string): Promise<void> {
  const dir = join(path, '..');
  const check = async () => (await readFile(path, 'utf8').catch(() => '')).includes(needle);
  // Events are counted, so that one arriving while the file is being read is not lost.
  let events = 0;
  let wake: (() => void) | undefined;
  const watcher = watch(dir, () => {
    events++;
    wake?.();
  });
  try {
    for (;;) {
      const seen = events;
      if (await check()) return;
      if (events === seen) await new Promise<void>((r) => (wake = r));
      wake = undefined;
    }
  } finally {
    watcher.close();
  }
}

export interface ApplyToManifestResult {
  readonly applyToManifestMs: number[];
  readonly dryRunMs: number[];
}

export async function applyToManifest(
  admin: TestClient,
  stateDir: string,
  config: string,
  applies: number,
): Promise<ApplyToManifestResult> {
  const manifest = join(stateDir, 'etc/kubernetes/manifests/talos-kube-apiserver.yaml');
  const withArg = (n: number) =>
    Buffer.from(
      config.replace(/^( {4}apiServer:\n)/m, `$1        extraArgs:\n            audit-log-maxage: "${n}"\n`),
    );
  await untilContains(manifest, 'kube-apiserver');
  const applyToManifestMs: number[] = [];
  const dryRunMs: number[] = [];
  for (let i = 1; i <= applies; i++) {
    let t0 = performance.now();
    await admin.unary(APPLY, { data: withArg(i), mode: 'NO_REBOOT', dry_run: true });
    dryRunMs.push(performance.now() - t0);
    t0 = performance.now();
    const rendered = untilContains(manifest, `--audit-log-maxage=${i}\n`);
    await admin.unary(APPLY, { data: withArg(i), mode: 'NO_REBOOT' });
    await rendered;
    applyToManifestMs.push(performance.now() - t0);
  }
  return { applyToManifestMs, dryRunMs };
}
