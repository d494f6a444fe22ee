// GRUB's pieces for an installed disk, made from GRUB's module directories with grub-mkimage: the BIOS
// core image and the UEFI image, both with an early config that finds the BOOT partition by label and
// reads grub/grub.cfg there. The image build makes them once; the installer only copies bytes.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandRunner } from './command';

export const GRUB_LIB = '/usr/lib/grub';
const COMMON = ['part_gpt', 'xfs', 'fat', 'search', 'search_label', 'normal', 'configfile', 'linux', 'test'];
const BIOS_MODULES = ['biosdisk', ...COMMON];
const EFI_MODULES = [...COMMON, 'all_video'];

export interface GrubAssets {
  readonly bootImg: Buffer;
  readonly coreImg: Buffer;
  readonly efiImg: Buffer;
  /** GRUB's module directories (i386-pc, x86_64-efi), copied to BOOT's grub directory. */
  readonly moduleDirs: { readonly bios: string; readonly efi: string };
}

/** The prebuilt assets' file names in their directory (the image's /usr/lib/talos-ts/grub). */
export const GRUB_ASSET_FILES = { bootImg: 'boot.img', coreImg: 'core.img', efiImg: 'BOOTX64.EFI' } as const;
export const PREBUILT_GRUB_DIR = '/usr/lib/talos-ts/grub';

/** The assets the image carries, or undefined where it has none (a developer machine). */
export async function loadGrubAssets(dir = PREBUILT_GRUB_DIR): Promise<GrubAssets | undefined> {
  try {
    return {
      bootImg: await readFile(join(dir, GRUB_ASSET_FILES.bootImg)),
      coreImg: await readFile(join(dir, GRUB_ASSET_FILES.coreImg)),
      efiImg: await readFile(join(dir, GRUB_ASSET_FILES.efiImg)),
      moduleDirs: { bios: join(dir, 'i386-pc'), efi: join(dir, 'x86_64-efi') },
    };
  } catch {
    return undefined;
  }
}

export async function makeGrubAssets(
  run: CommandRunner,
  signal: AbortSignal,
  bootLabel = 'BOOT',
  lib = GRUB_LIB,
): Promise<GrubAssets> {
  const work = await mkdtemp(join(tmpdir(), 'grub-assets-'));
  try {
    const early = join(work, 'early.cfg');
    await writeFile(early, `search --no-floppy --label ${bootLabel} --set=root\nset prefix=($root)/grub\n`);
    const make = async (format: string, dir: string, mods: string[], out: string) => {
      await run(
        'grub-mkimage',
        ['-O', format, '-d', dir, '-o', out, '-c', early, '-p', '/grub', ...mods],
        signal,
      );
      return readFile(out);
    };
    const bios = join(lib, 'i386-pc');
    const efi = join(lib, 'x86_64-efi');
    return {
      bootImg: await readFile(join(bios, 'boot.img')),
      coreImg: await make('i386-pc', bios, BIOS_MODULES, join(work, 'core.img')),
      efiImg: await make('x86_64-efi', efi, EFI_MODULES, join(work, 'BOOTX64.EFI')),
      moduleDirs: { bios, efi },
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
