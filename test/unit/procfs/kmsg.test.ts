// /dev/kmsg records: parsing, unescaping, and the line Talos sends for each.
import { describe, expect, it } from 'vitest';
import { formatKmsgRecord, formatRfc3339Nano, parseKmsgRecord, unescapeKmsg } from '../../../src/procfs/kmsg';
import { isProcfsError } from '../../../src/procfs/errors';

describe('parseKmsgRecord', () => {
  it('reads facility, priority, sequence, clock and the text with its dictionary lines', () => {
    const r = parseKmsgRecord(
      Buffer.from('6,1513,12004685225,-;eth0: left promiscuous mode\n SUBSYSTEM=net\n'),
    );
    expect(r.facility).toBe(0);
    expect(r.priority).toBe(6);
    expect(r.sequence).toBe(1513n);
    expect(r.clockUs).toBe(12004685225n);
    expect(r.message.toString()).toBe('eth0: left promiscuous mode\n SUBSYSTEM=net\n');
  });

  it('splits a user-space prefix into facility and priority, and ignores a caller field', () => {
    const r = parseKmsgRecord(Buffer.from('14,7,100,-,caller=T42;hello\n'));
    expect([r.facility, r.priority]).toEqual([1, 6]);
  });

  it('refuses a record without a prefix or with too few fields', () => {
    expect(isProcfsError(thrown(() => parseKmsgRecord(Buffer.from('no prefix'))))).toBe(true);
    expect(isProcfsError(thrown(() => parseKmsgRecord(Buffer.from('6,1;x'))))).toBe(true);
    expect(isProcfsError(thrown(() => parseKmsgRecord(Buffer.from('six,1,2,-;x'))))).toBe(true);
  });
});

describe('unescapeKmsg', () => {
  it('decodes \\xNN and \\\\, drops other escapes and broken ones', () => {
    const u = (s: string): string => unescapeKmsg(Buffer.from(s, 'latin1')).toString('latin1');
    expect(u('a\\x41b')).toBe('aAb');
    expect(u('tab\\x09end')).toBe('tab\tend');
    expect(u('back\\\\slash')).toBe('back\\slash');
    expect(u('\\q!')).toBe('!');
    expect(u('\\xZZ')).toBe('Z');
    expect(u('\\x4Z.')).toBe('.');
    expect(u('plain')).toBe('plain');
  });
});

describe('formatRfc3339Nano', () => {
  it("writes Go's RFC 3339 with nanoseconds, trailing zeros dropped", () => {
    expect(formatRfc3339Nano(1796440711_189822712n)).toBe('2026-12-05T03:18:31.189822712Z');
    expect(formatRfc3339Nano(1796440711_100000000n)).toBe('2026-12-05T03:18:31.1Z');
    expect(formatRfc3339Nano(1796440711_000000000n)).toBe('2026-12-05T03:18:31Z');
  });
});

describe('formatKmsgRecord', () => {
  it('is `<facility>: <priority padded to 7>: [<boot + clock>]: <text>`', () => {
    const r = parseKmsgRecord(Buffer.from('6,1,2500000,-;hello\n'));
    const line = formatKmsgRecord(r, 1796440700_000000000n).toString();
    expect(line).toBe('kern:    info: [2026-12-05T03:18:22.5Z]: hello\n');
    const warn = parseKmsgRecord(Buffer.from('12,2,0,-;w\n'));
    expect(formatKmsgRecord(warn, 0n).toString()).toBe('user: warning: [1970-01-01T00:00:00Z]: w\n');
  });
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e: unknown) {
    return e;
  }
  throw new Error('did not throw');
}
