import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src/log';
import { goTimestamp, LogSources } from '../../../../src/system/logs';

const text = (lines: readonly Buffer[]): string => Buffer.concat(lines).toString();

describe('LogSources', () => {
  it('creates sources on demand and lists their ids', () => {
    const sources = new LogSources();
    expect(sources.ids()).toEqual([]);
    expect(sources.get('machined')).toBeUndefined();
    const a = sources.source('machined');
    sources.sink('controller-runtime');
    expect(sources.source('machined')).toBe(a);
    expect(sources.ids()).toEqual(['controller-runtime', 'machined']);
  });

  it('keeps lines as a logger writes them', () => {
    const sources = new LogSources();
    const log = createLogger('console', 'info', sources.sink('controller-runtime'));
    log.child({ component: 'controller-runtime' }).info({ controller: 'x' }, 'hello');
    expect(text(sources.source('controller-runtime').tail())).toBe(
      '[talos] hello {"component":"controller-runtime","controller":"x"}\n',
    );
  });

  it('joins partial writes into lines and splits multi-line writes', () => {
    const sources = new LogSources();
    const sink = sources.sink('svc');
    sink.write('par');
    sink.write('tial\nsecond\nthi');
    expect(text(sources.source('svc').tail())).toBe('partial\nsecond\n');
    sink.end('rd');
    return new Promise<void>((resolve) =>
      sink.on('finish', () => {
        expect(text(sources.source('svc').tail())).toBe('partial\nsecond\nthird\n');
        resolve();
      }),
    );
  });

  it('stamps lines with the time as Talos does for machined', () => {
    const sources = new LogSources();
    const at = new Date(2025, 0, 2, 3, 4, 5, 67);
    const sink = sources.sink('machined', { timestamps: true, now: () => at });
    sink.write('[talos] up\n');
    expect(goTimestamp(at)).toBe('2025/01/02 03:04:05.067000');
    expect(text(sources.source('machined').tail())).toBe('2025/01/02 03:04:05.067000 [talos] up\n');
  });
});
