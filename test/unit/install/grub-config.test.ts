import { describe, expect, it } from 'vitest';
import { parseGrubConfig, renderGrubConfig, type GrubConfig } from '../../../src/install/grub-config';

describe('GRUB menu', () => {
  it('reads back what it writes: default, fallback, each slot with its command line', () => {
    const c: GrubConfig = {
      default: 'B',
      fallback: 'A',
      entries: {
        A: { cmdline: "console=ttyS0 talos.platform=metal it's=quoted", version: 'v1.13.9' },
        B: { cmdline: 'console=tty0 talos.platform=metal', version: 'v1.13.10' },
      },
    };
    const text = renderGrubConfig(c);
    expect(text).toContain("set default='B - Talos v1.13.10'");
    expect(text).toContain("set fallback='A - Talos v1.13.9'");
    expect(text).toMatch(/linux \/B\/vmlinuz 'console=tty0' 'talos.platform=metal'/);
    // The reset entry boots the default slot with the wipe.
    expect(text).toMatch(
      /Reset Talos installation[^}]*linux \/B\/vmlinuz[^\n]*talos.experimental.wipe=system:EPHEMERAL,STATE/,
    );
    expect(parseGrubConfig(text)).toEqual(c);
  });

  it('reads a single-slot menu and refuses what is not ours', () => {
    const one: GrubConfig = { default: 'A', entries: { A: { cmdline: 'a=1', version: 'v1' } } };
    expect(parseGrubConfig(renderGrubConfig(one))).toEqual(one);
    expect(parseGrubConfig('set default=0\nmenuentry "x" {}\n')).toBeUndefined();
  });
});
