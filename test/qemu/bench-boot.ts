// Boot benchmark (not a test): the guest uptime at which apid answers Version in maintenance mode,
// against a baseline booted in the same run — the same kernel, initramfs and Node binary, with an
// /init that only starts Node listening on a TLS port (test/qemu/baseline/). Prints one JSON line.
//   npx tsx test/qemu/bench-boot.ts            (after `make image`; BENCH_RUNS=n boots each n times)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { writeCpio } from '../../images/lib/cpio.mjs';
import { TestClient } from '../harness/client';
import { Guest, INITRD } from './harness';

const HERE = import.meta.dirname;

/** The image's initramfs with the baseline's /init, server and certificate appended. */
function baselineInitrd(dir: string): string {
  const root = join(dir, 'root');
  mkdirSync(join(root, 'baseline'), { recursive: true });
  execFileSync('gcc', ['-static', '-Os', '-o', join(root, 'init'), join(HERE, 'baseline/init.c')]);
  copyFileSync(join(HERE, 'baseline/server.mjs'), join(root, 'baseline/server.mjs'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=baseline', '-keyout', join(root, 'baseline/key.pem'), '-out', join(root, 'baseline/cert.pem'),
  ], { stdio: 'ignore' }); // prettier-ignore
  const overlay = join(dir, 'overlay.cpio');
  writeCpio(
    root,
    ['baseline', 'baseline/cert.pem', 'baseline/key.pem', 'baseline/server.mjs', 'init'],
    overlay,
  );
  // The kernel unpacks concatenated archives in order (later entries replace earlier ones); an
  // uncompressed one must start 4-byte aligned, and zero bytes between archives are skipped.
  const initrd = join(dir, 'initrd');
  const image = readFileSync(INITRD);
  const pad = Buffer.alloc((512 - (image.length % 512)) % 512);
  writeFileSync(initrd, Buffer.concat([image, pad, readFileSync(overlay)]));
  return initrd;
}

function tlsHandshake(host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port: 50000, rejectUnauthorized: false }, () => {
      s.destroy();
      resolve();
    });
    s.setTimeout(3000, () => s.destroy(new Error('timeout')));
    s.once('error', reject);
  });
}

async function version(host: string): Promise<void> {
  const c = new TestClient(host);
  try {
    await c.unary('/machine.MachineService/Version', {}, undefined, 3000);
  } finally {
    c.close();
  }
}

/**
 * Starts `probe` every 250 ms without waiting for the attempts before it (an attempt made before the
 * guest's network is up can hang until its 3 s timeout; it must not hold back the next ones), and
 * resolves at the first success.
 */
function firstSuccess(probe: () => Promise<void>, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let done = false;
    const finish = (err?: Error): void => {
      if (done) return;
      done = true;
      clearInterval(timer);
      if (err) reject(err);
      else resolve();
    };
    const attempt = (): void => {
      if (Date.now() - started > timeoutMs) return finish(new Error(`no answer in ${timeoutMs} ms`));
      probe().then(
        () => finish(),
        () => undefined,
      );
    };
    const timer = setInterval(attempt, 250);
    attempt();
  });
}

/** Boots, probes every 250 ms, and returns the guest uptime (s) of the first success. */
async function bootTime(
  initrd: string | undefined,
  probe: (host: string) => Promise<void>,
  marker: RegExp,
): Promise<number> {
  const guest = await Guest.boot(initrd ? { initrd } : {});
  try {
    await firstSuccess(() => probe(guest.address), 300_000);
    const uptime = guest.guestUptimeAt(guest.elapsedMs());
    // The right program answered (the baseline's /init did replace the image's).
    await guest.waitFor(marker, 10_000);
    if (uptime === undefined) throw new Error(`no kernel timestamp on the console:\n${guest.tail()}`);
    return uptime;
  } finally {
    await guest.stop();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(join(tmpdir(), 'talos-ts-bench-boot-'));
try {
  const runs = Number(process.env['BENCH_RUNS'] ?? 1);
  const initrd = baselineInitrd(dir);
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < runs; i++) {
    baseline.push(await bootTime(initrd, tlsHandshake, /baseline: listening/));
    ours.push(await bootTime(undefined, version, /init: starting the agent/));
  }
  const o = median(ours);
  const b = median(baseline);
  console.log(
    JSON.stringify({
      bench: 'qemu.boot.maintenance_apid_uptime',
      ours_s: Number(o.toFixed(2)),
      baseline_s: Number(b.toFixed(2)),
      ratio: Number((o / b).toFixed(2)),
      runs,
      ours_runs_s: ours.map((x) => Number(x.toFixed(2))),
      baseline_runs_s: baseline.map((x) => Number(x.toFixed(2))),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
