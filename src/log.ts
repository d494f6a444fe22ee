// Structured logs (pino). On a console they read like Talos's: `[talos] message {"field": value}`.
import { pino, type Logger } from 'pino';

export type { Logger };
export type LogFormat = 'console' | 'json';
export const isLogFormat = (s: string): s is LogFormat => s === 'console' || s === 'json';

const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg']);

/** One JSON log line → one console line. */
export function consoleLine(json: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const fields = Object.fromEntries(Object.entries(rec).filter(([k]) => !HIDDEN.has(k)));
  const extra = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  return `[talos] ${typeof rec.msg === 'string' ? rec.msg : ''}${extra}\n`;
}

export function createLogger(
  format: LogFormat,
  level = 'info',
  out: NodeJS.WritableStream = process.stdout,
  /** More destinations (log sources) that get the same formatted lines as `out`. */
  ...tees: NodeJS.WritableStream[]
): Logger {
  const outs = [out, ...tees];
  const render = format === 'json' ? (line: string) => line : consoleLine;
  const stream =
    format === 'json' && tees.length === 0
      ? out
      : {
          write: (line: string) => {
            const text = render(line);
            for (const o of outs) o.write(text);
          },
        };
  return pino(
    { level, base: undefined, timestamp: format === 'json' ? pino.stdTimeFunctions.isoTime : false },
    stream,
  );
}
