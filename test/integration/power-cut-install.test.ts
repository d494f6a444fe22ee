// Power cuts during an install to a disk (a loop device): the installer runs in a process of its own
// and is cut (SIGKILL to it and every tool it started) at a random moment of the install, several
// times. After each cut STATE holds no config (it was not written, or STATE was being made again by
// the volume manager), the old one, or the new one, whole — never a torn file; the install run again
// then finishes with the new config. The counts are printed as one JSON line; POWER_CUT_SEED repeats
// a run.
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionDevice } from '../../src/install/disk-devices';
import { REPO } from '../harness/agent';
import { TSX } from '../harness/dhcp-netns';
import { seededRandom, seedFrom } from '../harness/seeded-random';
import { lockLoopDevices } from '../harness/loop-device-lock';
import { requireFile, requireRoot, requireTools } from '../harness/tools';

const CUTS = 6;
const INSTALL = resolve(REPO, 'test/fixtures/power-cut/install.ts');
const STATE_PARTITION = 5;

describe('power cuts during an install (SIGKILL to the installer and its tools)', () => {
  let dir: string;
  let loop = '';

  let releaseLoops: (() => void) | undefined;

  beforeAll(async () => {
    requireRoot('installing to a loop device');
    requireTools('losetup', 'mkfs.xfs', 'mkfs.vfat', 'grub-mkimage', 'mcopy', 'partx', 'blkid', 'mount');
    requireFile('/usr/lib/grub/i386-pc', 'grub-pc-bin');
    requireFile('/usr/lib/grub/x86_64-efi', 'grub-efi-amd64-bin');
    releaseLoops = await lockLoopDevices();
    dir = mkdtempSync(join(tmpdir(), 'power-cut-install-'));
    const image = join(dir, 'disk.img');
    writeFileSync(image, '');
    truncateSync(image, 6 * 1024 ** 3);
    loop = execFileSync('losetup', ['--find', '--show', image], { encoding: 'utf8' }).trim();
    writeFileSync(join(dir, 'vmlinuz'), 'kernel-bytes');
    writeFileSync(join(dir, 'initramfs.xz'), 'initramfs-bytes');
  }, 900_000);

  afterAll(() => {
    if (loop) {
      unmountLeftovers();
      execFileSync('sh', ['-c', `partx --delete ${loop} 2>/dev/null; losetup -d ${loop}`]);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    releaseLoops?.();
  });

  /** Whatever a cut installer left mounted (its work directories). */
  function unmountLeftovers(): void {
    const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n');
    for (const m of mounts.reverse()) {
      const [source, target] = m.split(' ');
      if (source?.startsWith(loop) && target) execFileSync('umount', ['-l', target.replace(/\\040/g, ' ')]);
    }
  }

  /** Runs the installer; with `cutAfterMs`, cuts it then. Resolves with whether it ran to the end. */
  function install(config: string, cutAfterMs?: number): Promise<boolean> {
    const file = join(dir, `config-${Date.now()}.yaml`);
    writeFileSync(file, config);
    const work = mkdtempSync(join(dir, 'work-'));
    const child = spawn(TSX, [INSTALL, loop, dir, file, work], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const timer =
      cutAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            try {
              process.kill(-child.pid!, 'SIGKILL');
            } catch {
              // it has finished already
            }
          }, cutAfterMs);
    return new Promise((resolvePromise, reject) => {
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolvePromise(true);
        else if (signal === 'SIGKILL' && cutAfterMs !== undefined) resolvePromise(false);
        else reject(new Error(`install failed (${code ?? signal}):\n${out}`));
      });
    });
  }

  /** What STATE holds: its config.yaml, undefined when there is none or no STATE file system (yet). */
  function stateConfig(): { config?: string; temporaries: number } {
    execFileSync('partx', ['--update', loop], { stdio: 'ignore' });
    const dev = partitionDevice(loop, STATE_PARTITION);
    if (!existsSync(dev)) return { temporaries: 0 };
    let label: string;
    try {
      label = execFileSync('blkid', ['-p', '-o', 'value', '-s', 'LABEL', dev], { encoding: 'utf8' }).trim();
    } catch {
      return { temporaries: 0 }; // nothing there yet
    }
    if (label !== 'STATE') return { temporaries: 0 };
    const m = join(dir, 'state');
    mkdirSync(m, { recursive: true });
    try {
      execFileSync('mount', ['-o', 'ro,norecovery', dev, m], { stdio: 'ignore' });
    } catch {
      return { temporaries: 0 }; // cut while mkfs.xfs was writing it: no file system, no file
    }
    try {
      const temporaries = readdirSync(m).filter((f) => f.endsWith('.tmp')).length;
      const path = join(m, 'config.yaml');
      return { config: existsSync(path) ? readFileSync(path, 'utf8') : undefined, temporaries };
    } finally {
      execFileSync('umount', [m]);
    }
  }

  it(
    `${CUTS} cuts at random moments: STATE has no config, the old or the new one, never a torn one`,
    async () => {
      const seed = seedFrom('POWER_CUT_SEED');
      const random = seededRandom(seed);
      // STATE gets the config as the installer writes it: canonical YAML (what configOf gives).
      const configOf = (n: number): string =>
        `version: v1alpha1\nmachine:\n    nodeLabels:\n        install: "${n}"\n`;
      const started = performance.now();
      expect(await install(configOf(0))).toBe(true);
      const installMs = performance.now() - started;
      expect(stateConfig().config).toBe(configOf(0));
      const counts = {
        cuts: 0,
        finishedBeforeCut: 0,
        noConfig: 0,
        oldConfig: 0,
        newConfig: 0,
        torn: 0,
        temporaries: 0,
      };
      let old = configOf(0);
      for (let n = 1; n <= CUTS; n++) {
        const next = configOf(n);
        const finished = await install(next, random() * installMs);
        counts.cuts++;
        if (finished) counts.finishedBeforeCut++;
        unmountLeftovers();
        const { config, temporaries } = stateConfig();
        counts.temporaries += temporaries;
        if (config === undefined) counts.noConfig++;
        else if (config === next) counts.newConfig++;
        else if (config === old) counts.oldConfig++;
        else counts.torn++;
        // the restart: the install runs again and finishes
        expect(await install(next)).toBe(true);
        expect(stateConfig()).toEqual({ config: next, temporaries: 0 });
        old = next;
      }
      console.log(
        JSON.stringify({ powerCutsDuringInstall: { ...counts, installMs: Math.round(installMs), seed } }),
      );
      expect(counts.torn).toBe(0);
      expect(counts.cuts).toBe(CUTS);
    },
    30 * 60_000,
  );
});
