// The agent waits for the init's driver loading (a marker file) before it looks at links and disks.
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { driversLoaded } from '../../../../src/platform/metal/drivers';
import { captureLogs } from '../../../harness/log-capture';

const dir = mkdtempSync(join(tmpdir(), 'drivers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('driversLoaded', () => {
  it('resolves at once without the marker', async () => {
    const { logger, text } = captureLogs();
    await driversLoaded({ logger, signal: AbortSignal.timeout(5000), marker: join(dir, 'none') });
    expect(text()).toBe('');
  });

  it('waits while the marker exists, and resolves once it is gone', async () => {
    const marker = join(dir, 'loading');
    writeFileSync(marker, '');
    const { logger } = captureLogs();
    let done = false;
    const waiting = driversLoaded({ logger, signal: AbortSignal.timeout(5000), marker }).then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(done).toBe(false);
    unlinkSync(marker);
    await waiting;
    expect(done).toBe(true);
  });

  it('goes on, with a warning, when the load does not finish in time', async () => {
    const marker = join(dir, 'stuck');
    writeFileSync(marker, '');
    const { logger, text } = captureLogs();
    await driversLoaded({ logger, signal: AbortSignal.timeout(5000), marker, timeoutMs: 100 });
    expect(text()).toContain('drivers are still loading; going on');
  });
});
