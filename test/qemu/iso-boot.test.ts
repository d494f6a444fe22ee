// The ISO (`make image` → _out/metal-amd64.iso) booted as a CD-ROM next to an empty virtio disk, under
// SeaBIOS and under OVMF: the firmware starts GRUB from the ISO's El Torito image for that firmware,
// GRUB's menu starts the ISO's kernel with the ISO's command line, the node comes up in maintenance
// mode and apid answers Version to an insecure client with the certificate the console announced.
import { closeSync, copyFileSync, existsSync, openSync, readSync, statSync, truncateSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Guest, GUEST_ADDRESS, OUT } from './harness';
import { connectWhenUp, servedFingerprint } from './node-checks';

const ISO = join(OUT, 'metal-amd64.iso');
const OVMF_CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd';
const OVMF_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd';
const VERSION = '/machine.MachineService/Version';
const SECTOR = 2048;

function readAt(file: string, offset: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, offset);
    return buf;
  } finally {
    closeSync(fd);
  }
}

describe('metal ISO, as built', () => {
  it('is a hybrid El Torito image with a BIOS and a UEFI boot entry, labelled as Talos labels it', () => {
    if (!existsSync(ISO)) throw new Error(`${ISO} is missing: run \`make image\` first`);
    const head = readAt(ISO, 0, 18 * SECTOR);
    // Primary volume descriptor (sector 16): type 1, "CD001", the volume ID at byte 40.
    const pvd = head.subarray(16 * SECTOR);
    expect(pvd.toString('latin1', 1, 6)).toBe('CD001');
    expect(pvd.toString('latin1', 40, 72).trim()).toBe('TALOS_V1_13_9');
    // Boot record (sector 17) points at the El Torito catalog.
    const br = head.subarray(17 * SECTOR);
    expect(br.toString('latin1', 7, 30)).toBe('EL TORITO SPECIFICATION');
    const catalog = readAt(ISO, br.readUInt32LE(0x47) * SECTOR, SECTOR);
    // Validation entry (platform 0 = x86 BIOS), then section headers (0x90, 0x91 for the last) each
    // naming a platform (0xef = EFI) and followed by their boot entries (0x88 = bootable).
    expect(catalog[0]).toBe(1);
    const platforms = [catalog[1]];
    const bootable = [catalog[32] === 0x88];
    for (let off = 64; off < SECTOR; off += 32) {
      const kind = catalog[off];
      if (kind !== 0x90 && kind !== 0x91) continue;
      platforms.push(catalog[off + 1]);
      bootable.push(catalog[off + 32] === 0x88);
      if (kind === 0x91) break;
    }
    expect(platforms).toEqual([0x00, 0xef]);
    expect(bootable).toEqual([true, true]);
    // Hybrid: an MBR boot signature and a GPT header, so a USB stick written with dd boots too.
    expect(head.readUInt16LE(510)).toBe(0xaa55);
    expect(head.toString('latin1', 512, 520)).toBe('EFI PART');
    console.log(JSON.stringify({ image: 'metal-amd64.iso', bytes: statSync(ISO).size }));
  });
});

describe.each([
  { firmware: 'BIOS (SeaBIOS)', uefi: false },
  { firmware: 'UEFI (OVMF)', uefi: true },
])('metal ISO booted under $firmware', ({ uefi }) => {
  let dir: string;
  let disk: string;
  let guest: Guest;

  beforeAll(async () => {
    if (!existsSync(ISO)) throw new Error(`${ISO} is missing: run \`make image\` first`);
    if (uefi && !existsSync(OVMF_CODE)) throw new Error(`${OVMF_CODE} is missing: apt-get install ovmf`);
    dir = await mkdtemp(join(tmpdir(), 'talos-ts-iso-'));
    disk = join(dir, 'disk.img');
    await writeFile(disk, '');
    truncateSync(disk, 8 * 1024 ** 3);
    const firmware: string[] = [];
    if (uefi) {
      const vars = join(dir, 'vars.fd');
      copyFileSync(OVMF_VARS, vars);
      firmware.push(
        '-drive', `if=pflash,format=raw,readonly=on,file=${OVMF_CODE}`,
        '-drive', `if=pflash,format=raw,file=${vars}`,
      ); // prettier-ignore
    }
    guest = await Guest.boot({ media: [
      ...firmware,
      '-drive', `file=${ISO},media=cdrom,if=ide,readonly=on`,
      '-drive', `file=${disk},format=raw,if=virtio`,
      '-boot', 'order=d',
    ] }); // prettier-ignore
  });

  afterAll(async () => {
    await guest?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("boots GRUB from the ISO and GRUB starts the ISO's kernel with its command line", async () => {
    if (uefi) await guest.waitFor(/BdsDxe: starting Boot\d+ "UEFI QEMU DVD-ROM/, 120_000);
    await guest.waitFor(/GNU GRUB/, 120_000);
    const cmdline = (await guest.waitFor(/Command line: /, 120_000)).text;
    expect(cmdline).toMatch(
      /Command line: BOOT_IMAGE=\/boot\/vmlinuz talos\.platform=metal console=tty0 console=ttyS0 /,
    );
    // The kernel itself sees the firmware it was booted by.
    if (uefi) await guest.waitFor(/efi: EFI v\d/, 60_000);
  });

  it('comes up in maintenance mode and shows the banner', async () => {
    await guest.waitFor(/init: starting the agent/, 240_000);
    if (!uefi) expect(guest.console()).not.toMatch(/efi: EFI v\d/);
    await guest.waitFor(/this machine is reachable at:/, 180_000);
    await guest.waitFor(new RegExp(`^\\S*\\s*\\t${GUEST_ADDRESS.replace(/\./g, '\\.')}\\b`), 5_000);
    await guest.waitFor(
      /talosctl apply-config --insecure --nodes 10\.0\.2\.15 --cert-fingerprint '[A-Za-z0-9+/=]+' --file <config\.yaml>/,
      60_000,
    );
  });

  it('answers Version to an insecure client, with the certificate the console announced', async () => {
    const c = await connectWhenUp(guest.address, undefined, 180_000);
    const answered = await c
      .unary<{ messages: { version: { tag: string } }[] }>(VERSION, {})
      .finally(() => c.close());
    console.log(
      JSON.stringify({
        qemu: `iso.${uefi ? 'uefi' : 'bios'}.apid_answered`,
        host_s: guest.elapsedMs() / 1000,
        guest_uptime_s: guest.guestUptimeAt(guest.elapsedMs()),
      }),
    );
    expect(answered.messages[0]?.version.tag).toBe('v1.13.9');
    const line = (await guest.waitFor(/server certificate issued/, 1000)).text;
    const announced = /"fingerprint":\s*"([^"]+)"/.exec(line)?.[1];
    expect(announced).toBeDefined();
    expect(await servedFingerprint(guest.address, 50000)).toBe(announced);
  });

  it('leaves the disk alone without a config', () => {
    // Nothing was installed: the first MiB of the disk (MBR, GPT) is still zeros.
    expect(readAt(disk, 0, 1024 * 1024).every((b) => b === 0)).toBe(true);
  });
});
