// Image build step: GRUB's images for the installer (src/install/grub-assets.ts makes them with
// grub-mkimage from the pinned module directories), written with the module directories to --out,
// which the image carries at /usr/lib/talos-ts/grub.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCommand } from '../src/install/command';
import { GRUB_ASSET_FILES, makeGrubAssets } from '../src/install/grub-assets';

const { values } = parseArgs({ options: { lib: { type: 'string' }, out: { type: 'string' } } });
if (!values.lib || !values.out) throw new Error('usage: grub-assets.ts --lib DIR --out DIR');
const out = values.out;
const assets = await makeGrubAssets(runCommand, AbortSignal.timeout(120_000), 'BOOT', values.lib);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, GRUB_ASSET_FILES.bootImg), assets.bootImg);
writeFileSync(join(out, GRUB_ASSET_FILES.coreImg), assets.coreImg);
writeFileSync(join(out, GRUB_ASSET_FILES.efiImg), assets.efiImg);
for (const [dir, src] of [
  ['i386-pc', assets.moduleDirs.bios],
  ['x86_64-efi', assets.moduleDirs.efi],
] as const) {
  // Only what GRUB loads at boot: its modules and their lists.
  cpSync(src, join(out, dir), { recursive: true, filter: (f) => f === src || /\.(mod|lst)$/.test(f) });
}
console.log(`GRUB images: core ${assets.coreImg.length} B, EFI ${assets.efiImg.length} B`);
