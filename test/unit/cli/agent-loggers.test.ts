// The agent's loggers: apid's and trustd's lines go to their own log sources (what `talosctl logs apid`
// reads), and not into machined's.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { agentLoggers } from '../../../src/cli/machined-command';
import { MACHINED_LOG } from '../../../src/system/logs';

const discard = new Writable({ write: (_c, _e, cb) => cb() });
const text = (lines: Buffer[] | undefined) => (lines ?? []).map((l) => l.toString()).join('');

describe('agentLoggers', () => {
  it('gives apid and trustd their own sources', () => {
    const { logSources, logger, serviceLogger } = agentLoggers('console', discard);
    serviceLogger('apid').info('apid says hello');
    serviceLogger('trustd').info('trustd listening on 127.0.0.1:50001');
    logger.info('machined line');
    expect(logSources.ids()).toEqual(expect.arrayContaining(['apid', 'trustd', MACHINED_LOG]));
    expect(text(logSources.get('apid')?.tail())).toMatch(
      /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d+ \[talos\] apid says hello\n$/,
    );
    expect(text(logSources.get('trustd')?.tail())).toContain('trustd listening on 127.0.0.1:50001');
    const machined = text(logSources.get(MACHINED_LOG)?.tail());
    expect(machined).toContain('machined line');
    expect(machined).not.toContain('apid says hello');
  });
});
