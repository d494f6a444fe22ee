// The GRUB menu of an installed node: one entry per boot slot (A, B) with the slot's kernel, initramfs
// and command line, the default and fallback slots, and an entry that boots with STATE and EPHEMERAL
// wiped (back to maintenance), as Talos offers.

export type BootSlot = 'A' | 'B';

export interface GrubConfig {
  readonly default: BootSlot;
  readonly fallback?: BootSlot;
  /** The slots present, with each one's kernel command line. */
  readonly entries: Partial<Record<BootSlot, { readonly cmdline: string; readonly version: string }>>;
}

export const slotLabel = (slot: BootSlot, version: string): string => `${slot} - Talos ${version}`;

/** GRUB's quoting for a word in single quotes (a literal quote becomes '\''). */
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export function renderGrubConfig(c: GrubConfig): string {
  const def = c.entries[c.default];
  if (!def) throw new Error(`default boot slot ${c.default} has no entry`);
  const lines = [`set default=${quote(slotLabel(c.default, def.version))}`];
  const fb = c.fallback ? c.entries[c.fallback] : undefined;
  if (c.fallback && fb) lines.push(`set fallback=${quote(slotLabel(c.fallback, fb.version))}`);
  lines.push(
    'set timeout=3',
    '',
    'insmod all_video',
    // BIOS GRUB draws on the screen only; the first serial port too, for headless machines. UEFI
    // firmware mirrors its console to serial itself.
    'if [ "${grub_platform}" = "pc" ]; then',
    '  serial --unit=0 --speed=115200',
    '  terminal_input console serial',
    '  terminal_output console serial',
    'else',
    '  terminal_input console',
    '  terminal_output console',
    'fi',
    '',
  );
  const entry = (name: string, slot: BootSlot, cmdline: string) => [
    `menuentry ${quote(name)} {`,
    '  set gfxpayload=text',
    `  linux /${slot}/vmlinuz ${cmdline.split(/\s+/).filter(Boolean).map(quote).join(' ')}`,
    `  initrd /${slot}/initramfs.xz`,
    '}',
  ];
  for (const slot of ['A', 'B'] as const) {
    const e = c.entries[slot];
    if (e) lines.push(...entry(slotLabel(slot, e.version), slot, e.cmdline));
  }
  lines.push(
    ...entry(
      'Reset Talos installation and return to maintenance mode',
      c.default,
      `${def.cmdline} talos.experimental.wipe=system:EPHEMERAL,STATE`,
    ),
  );
  return `${lines.join('\n')}\n`;
}

/** GRUB words in single quotes (as renderGrubConfig writes them) back to strings. */
function unquoteWords(text: string): string[] {
  return [...text.matchAll(/'((?:[^']|'\\'')*)'/g)].map((m) => m[1]!.replace(/'\\''/g, "'"));
}

/** Reads back a config that renderGrubConfig wrote: default and fallback slots, each slot's entry. */
export function parseGrubConfig(text: string): GrubConfig | undefined {
  const def = /^set default='([AB]) - /m.exec(text)?.[1] as BootSlot | undefined;
  if (!def) return undefined;
  const fallback = /^set fallback='([AB]) - /m.exec(text)?.[1] as BootSlot | undefined;
  const entries: Partial<Record<BootSlot, { cmdline: string; version: string }>> = {};
  const entryRe = /^menuentry '([AB]) - Talos ([^']*)' \{\n(?:.*\n)*?\s*linux \/\1\/vmlinuz (.*)$/gm;
  for (const m of text.matchAll(entryRe)) {
    entries[m[1] as BootSlot] = { version: m[2]!, cmdline: unquoteWords(m[3]!).join(' ') };
  }
  if (!entries[def]) return undefined;
  return { default: def, ...(fallback && entries[fallback] ? { fallback } : {}), entries };
}

/** Which slot a GRUB config boots by default, read back from its text. */
export function parseDefaultSlot(text: string): BootSlot | undefined {
  return parseGrubConfig(text)?.default;
}
