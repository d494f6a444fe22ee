// Go duration text (`25s`, `1m30s`, `1h`) to whole seconds; 0 for '' or anything unreadable.
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  h: 3600,
  m: 60,
  s: 1,
  ms: 0.001,
  us: 1e-6,
  µs: 1e-6,
  ns: 1e-9,
};

export function parseGoDurationSeconds(text: string): number {
  if (text === '' || text === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * (UNIT_SECONDS[m[2] ?? 's'] ?? 0);
    at = re.lastIndex;
  }
  return at === text.length ? Math.round(total) : 0;
}
