// LUKS2 benchmark (not a test): STATE and EPHEMERAL encrypted by nodeID on a 10 GiB virtual disk, made
// and mounted, then unlocked and mounted again, by our volume manager, next to the same cryptsetup,
// mkfs.xfs and mount commands run one after another in the same guest on a second 10 GiB disk (the guest
// has no shell: a bench-only /init and guest program, test/qemu/bench-luks/, appended to the image's
// initramfs). Prints one JSON line per figure.
//   npx tsx test/qemu/bench-luks.ts     (after `make image`; BENCH_RUNS=n boots n times)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { writeCpio } from '../../images/lib/cpio.mjs';
import { writeDiskTable } from '../../src/blockdev/disk-table';
import { INSTALL_LAYOUT, layoutTable } from '../../src/install/partition-layout';
import { Guest, INITRD } from './harness';
import { emptyDisk } from './install-fixtures';

const HERE = import.meta.dirname;
const SIZE = 10 * 1024 ** 3;

async function benchInitrd(dir: string): Promise<string> {
  const root = join(dir, 'root');
  mkdirSync(join(root, 'bench'), { recursive: true });
  execFileSync('gcc', ['-static', '-Os', '-o', join(root, 'init'), join(HERE, 'bench-luks/init.c')]);
  await build({
    entryPoints: [join(HERE, 'bench-luks/guest.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: join(root, 'bench/guest.cjs'),
    logLevel: 'warning',
  });
  const overlay = join(dir, 'overlay.cpio');
  writeCpio(root, ['bench', 'bench/guest.cjs', 'init'], overlay);
  const initrd = join(dir, 'initrd');
  const image = readFileSync(INITRD);
  const pad = Buffer.alloc((512 - (image.length % 512)) % 512);
  writeFileSync(initrd, Buffer.concat([image, pad, readFileSync(overlay)]));
  return initrd;
}

interface Side {
  side: string;
  provision_ms: number;
  unlock_ms: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(join(tmpdir(), 'talos-ts-bench-luks-'));
try {
  const runs = Number(process.env['BENCH_RUNS'] ?? 1);
  const initrd = await benchInitrd(dir);
  const results: Side[] = [];
  for (let i = 0; i < runs; i++) {
    // vda: what the installer leaves (EFI, BIOS, BOOT, META); vdb: the same with STATE and EPHEMERAL
    // partitions already there, empty, for the commands by hand (no partitioning tool in the image).
    const vda = emptyDisk(join(dir, `ours-${i}.raw`), SIZE);
    writeDiskTable(vda, layoutTable(BigInt(SIZE), INSTALL_LAYOUT));
    const vdb = emptyDisk(join(dir, `hand-${i}.raw`), SIZE);
    writeDiskTable(vdb, layoutTable(BigInt(SIZE)));
    const guest = await Guest.boot({
      initrd,
      disk: vda,
      extraDisks: [vdb],
      smbiosUuid: '5f0c7a2e-1b9d-4e63-a8f4-0d3c6b27e951',
      memoryMiB: 1536,
      append: i % 2 === 0 ? '' : 'BENCH_ORDER=hand,ours',
    });
    try {
      await guest.waitFor(/bench-luks: done/, 3_600_000);
    } finally {
      await guest.stop();
    }
    const error = /bench-luks error (.*)/.exec(guest.console());
    if (error) throw new Error(`in the guest: ${error[1]}\n${guest.tail()}`);
    for (const m of guest.console().matchAll(/bench-luks (\{.*\})/g)) results.push(JSON.parse(m[1]!) as Side);
    rmSync(vda);
    rmSync(vdb);
  }
  const of = (side: string, k: 'provision_ms' | 'unlock_ms') =>
    median(results.filter((r) => r.side === side).map((r) => r[k]));
  for (const [name, k] of [
    ['qemu.luks.state_ephemeral_provision', 'provision_ms'],
    ['qemu.luks.state_ephemeral_unlock', 'unlock_ms'],
  ] as const) {
    const ours = of('ours', k);
    const hand = of('hand', k);
    console.log(
      JSON.stringify({
        bench: name,
        ours_ms: ours,
        baseline_ms: hand,
        ratio: Number((ours / hand).toFixed(2)),
        runs,
        ours_runs_ms: results.filter((r) => r.side === 'ours').map((r) => r[k]),
        baseline_runs_ms: results.filter((r) => r.side === 'hand').map((r) => r[k]),
      }),
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
