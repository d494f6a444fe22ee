// A unified line diff of two configs, as ApplyConfiguration's dry run reports it.

/** Longest-common-subsequence edit script; inputs are bounded by the config size limit. */
/** Above this many table cells the diff is "all removed, all added" rather than minimal. */
const MAX_CELLS = 4_000_000;

function editScript(a: string[], b: string[]): { op: ' ' | '-' | '+'; line: string }[] {
  const n = a.length;
  const m = b.length;
  if ((n + 1) * (m + 1) > MAX_CELLS) {
    return [
      ...a.map((line) => ({ op: '-' as const, line })),
      ...b.map((line) => ({ op: '+' as const, line })),
    ];
  }
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * width + j + 1]! + 1
          : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const out: { op: ' ' | '-' | '+'; line: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ op: ' ', line: a[i++]! });
      j++;
    } else if (j < m && (i >= n || lcs[i * width + j + 1]! > lcs[(i + 1) * width + j]!)) {
      out.push({ op: '+', line: b[j++]! });
    } else {
      out.push({ op: '-', line: a[i++]! });
    }
  }
  return out;
}

const splitLines = (s: string): string[] => (s === '' ? [] : s.replace(/\n$/, '').split('\n'));

/** Unified diff with 3 lines of context; empty when the texts are equal. */
export function unifiedDiff(before: string, after: string, context = 3): string {
  const script = editScript(splitLines(before), splitLines(after));
  if (script.every((e) => e.op === ' ')) return '';
  const lines: string[] = ['--- a', '+++ b'];
  let k = 0;
  let aLine = 1;
  let bLine = 1;
  while (k < script.length) {
    if (script[k]!.op === ' ') {
      aLine++;
      bLine++;
      k++;
      continue;
    }
    const start = Math.max(0, k - context);
    let end = k;
    // extend the hunk while changes are within 2*context of each other
    for (let last = k; end < script.length; end++) {
      if (script[end]!.op !== ' ') last = end;
      else if (end - last > 2 * context) break;
    }
    end = Math.min(script.length, end);
    let trailing = end;
    while (
      trailing > k &&
      script[trailing - 1]!.op === ' ' &&
      trailing - 1 > lastChange(script, k, end) + context - 1
    )
      trailing--;
    const hunk = script.slice(start, trailing);
    const lead = k - start;
    const aStart = aLine - lead;
    const bStart = bLine - lead;
    const aCount = hunk.filter((e) => e.op !== '+').length;
    const bCount = hunk.filter((e) => e.op !== '-').length;
    lines.push(
      `@@ -${aCount === 0 ? aStart - 1 : aStart},${aCount} +${bCount === 0 ? bStart - 1 : bStart},${bCount} @@`,
    );
    for (const e of hunk) lines.push(`${e.op}${e.line}`);
    for (const e of script.slice(k, trailing)) {
      if (e.op !== '+') aLine++;
      if (e.op !== '-') bLine++;
    }
    k = trailing;
  }
  return `${lines.join('\n')}\n`;
}

function lastChange(script: { op: string }[], from: number, to: number): number {
  let last = from;
  for (let i = from; i < to; i++) if (script[i]!.op !== ' ') last = i;
  return last;
}
