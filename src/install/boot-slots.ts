// The A/B boot slots on BOOT, as Talos's upgrade and rollback use them. An upgrade writes the new
// kernel and initramfs into the slot not booted by default, makes it the default and keeps the old one
// as GRUB's fallback; a rollback swaps default and fallback back. BOOT is mounted only while it is
// changed; the menu is replaced atomically, and the new slot's files are complete before the menu
// names them.
import { copyFile, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';
import { pathExists } from '../files/path-exists';
import { loadModule, type CommandRunner } from './command';
import { parseGrubConfig, renderGrubConfig, type BootSlot, type GrubConfig } from './grub-config';

export interface BootPartition {
  /** The BOOT partition's device. */
  readonly device: string;
  readonly run: CommandRunner;
  readonly signal: AbortSignal;
}

const other = (slot: BootSlot): BootSlot => (slot === 'A' ? 'B' : 'A');

/** Runs `fn` with BOOT mounted at a fresh directory; unmounts whatever happens. */
async function withBoot<T>(b: BootPartition, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'talos-boot-'));
  try {
    await loadModule(b.run, 'xfs', b.signal);
    await b.run('mount', ['-t', 'xfs', b.device, dir], b.signal);
    try {
      return await fn(dir);
    } finally {
      await b.run('umount', [dir], b.signal);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function readMenu(dir: string): Promise<GrubConfig> {
  const text = await readFile(join(dir, 'grub', 'grub.cfg'), 'utf8');
  const cfg = parseGrubConfig(text);
  if (!cfg) throw new Error('the boot menu on BOOT is not one this system wrote');
  return cfg;
}

/** The slot the menu boots by default. */
export function defaultSlot(b: BootPartition): Promise<BootSlot> {
  return withBoot(b, async (dir) => (await readMenu(dir)).default);
}

/**
 * Writes `kernel` and `initramfs` into the other slot and makes it the default, the current one its
 * fallback. The new slot boots with the current slot's command line. Returns both slots.
 */
export function upgradeSlots(
  b: BootPartition,
  assets: { readonly kernel: string; readonly initramfs: string; readonly version: string },
): Promise<{ from: BootSlot; to: BootSlot }> {
  return withBoot(b, async (dir) => {
    const menu = await readMenu(dir);
    const from = menu.default;
    const to = other(from);
    const slotDir = join(dir, to);
    await mkdir(slotDir, { recursive: true });
    for (const [src, name] of [
      [assets.kernel, 'vmlinuz'],
      [assets.initramfs, 'initramfs.xz'],
    ] as const) {
      await copyFile(src, join(slotDir, `.${name}.new`));
      await rename(join(slotDir, `.${name}.new`), join(slotDir, name));
    }
    const next: GrubConfig = {
      default: to,
      fallback: from,
      entries: { ...menu.entries, [to]: { cmdline: menu.entries[from]!.cmdline, version: assets.version } },
    };
    await writeFileAtomic(join(dir, 'grub', 'grub.cfg'), renderGrubConfig(next), { mode: 0o600 });
    return { from, to };
  });
}

/**
 * Makes `slot` the default again, the current default its fallback: a rollback (to the fallback, when
 * `slot` is not given) or a failed upgrade's revert. Returns the slot now booted by default.
 */
export function revertToSlot(b: BootPartition, slot?: BootSlot): Promise<BootSlot> {
  return withBoot(b, async (dir) => {
    const menu = await readMenu(dir);
    const target = slot ?? menu.fallback;
    const present =
      target !== undefined &&
      menu.entries[target] !== undefined &&
      (await pathExists(join(dir, target, 'vmlinuz')));
    if (!present) throw new Error(`cannot rollback to ${JSON.stringify(target ?? '')}, label does not exist`);
    if (menu.default === target) return target;
    const next: GrubConfig = { default: target, fallback: menu.default, entries: menu.entries };
    await writeFileAtomic(join(dir, 'grub', 'grub.cfg'), renderGrubConfig(next), { mode: 0o600 });
    return target;
  });
}
