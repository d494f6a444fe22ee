import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../../src/config/diff';

describe('dry-run config diff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n')).toBe('');
  });

  it('shows a change with context and hunk ranges', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n';
    const after = 'a\nb\nX\nd\ne\nf\ng\nh\ni\nj\nk\n';
    expect(unifiedDiff(before, after)).toBe(
      [
        '--- a',
        '+++ b',
        '@@ -1,5 +1,5 @@',
        ' a',
        ' b',
        '-c',
        '+X',
        ' d',
        ' e',
        '@@ -8,3 +8,4 @@',
        ' h',
        ' i',
        ' j',
        '+k',
        '',
      ].join('\n'),
    );
  });

  it('shows everything as added when there was no config', () => {
    expect(unifiedDiff('', 'x\ny\n')).toBe('--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n');
  });

  it('stays bounded for huge inputs', () => {
    const big = Array.from({ length: 50_000 }, (_, i) => `line ${i}`).join('\n');
    const out = unifiedDiff(big, `${big}\nextra`);
    expect(out).toContain('+extra');
  });
});
