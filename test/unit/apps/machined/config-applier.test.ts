// ApplyConfiguration's modes against a fake persist and a fake activate: no network, no disk.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { ConfigApplier } from '../../../../src/apps/machined/config-applier';
import { formatGoDuration } from '../../../../src/apps/machined/apply/go-duration';
import { isConfigValidationError, parseMachineConfig, type MachineConfig } from '../../../../src/config';
import { ApiError } from '../../../../src/grpc/errors';

const WORKER = readFileSync(join(__dirname, '../../../fixtures/config/worker.yaml'), 'utf8');
/** Only `.machine.nodeLabels` changes: applies immediately. */
const LABELLED = WORKER.replace('    certSANs: []\n', '    certSANs: []\n    nodeLabels:\n        zone: a\n');
/** `.machine.features.diskQuotaSupport` changes: needs a reboot. */
const REBOOTING = WORKER.replace('diskQuotaSupport: true', 'diskQuotaSupport: false');

/** `gate`: activation waits for it, holding the apply in progress. */
function setup(initial: string | null = WORKER, gate: Promise<void> = Promise.resolve()) {
  let active: MachineConfig | undefined = initial === null ? undefined : parseMachineConfig(initial);
  const saved: Buffer[] = [];
  const activated: MachineConfig[] = [];
  const logs: string[] = [];
  const applier = new ConfigApplier({
    persist: (cfg) => {
      saved.push(cfg.bytes());
      return Promise.resolve();
    },
    current: () => active,
    activate: async (cfg) => {
      await gate;
      active = cfg;
      activated.push(cfg);
    },
    logger: { info: (m) => logs.push(m), error: (m) => logs.push(m) },
  });
  return { applier, saved, activated, logs, active: () => active };
}

const labels = (cfg: MachineConfig | undefined): unknown => cfg?.v1alpha1()?.machine?.nodeLabels;
const ms100 = { seconds: '0', nanos: 100_000_000 };

async function until(cond: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

describe('ConfigApplier TRY', () => {
  it('activates without persisting, then rolls back to the previous config', async () => {
    const t = setup();
    const res = await t.applier.apply(Buffer.from(LABELLED), 'TRY', false, ms100);
    expect(res.mode).toBe('TRY');
    expect(res.modeDetails).toBe(
      "Applied configuration without a reboot\nThe config is applied in 'try' mode and will be automatically reverted back in 100ms",
    );
    expect(t.saved).toHaveLength(0);
    expect(labels(t.active())).toEqual({ zone: 'a' });
    await until(() => t.activated.length === 2);
    expect(labels(t.active())).toBeUndefined();
    expect(t.applier.rollbackPending).toBe(false);
    expect(t.logs).toEqual(['apply config request: mode try', 'rolling back the configuration']);
  });

  it('defaults to Talos’ one minute', async () => {
    const t = setup();
    const res = await t.applier.apply(Buffer.from(LABELLED), 'TRY', false);
    expect(res.modeDetails).toMatch(/reverted back in 1m0s$/);
    expect(t.applier.rollbackPending).toBe(true);
    await t.applier.apply(Buffer.from(WORKER), 'STAGED', false);
    expect(t.applier.rollbackPending).toBe(false);
  });

  it('is cancelled by a later non-try apply', async () => {
    const t = setup();
    await t.applier.apply(Buffer.from(LABELLED), 'TRY', false, ms100);
    await t.applier.apply(Buffer.from(LABELLED), 'NO_REBOOT', false);
    expect(t.applier.rollbackPending).toBe(false);
    await new Promise((r) => setTimeout(r, 250));
    expect(t.activated).toHaveLength(2);
    expect(labels(t.active())).toEqual({ zone: 'a' });
  });

  it('refuses a change that needs a reboot', async () => {
    const t = setup();
    const e = await rejection(t.applier.apply(Buffer.from(REBOOTING), 'TRY', false, ms100));
    expect(e.code).toBe(3);
    expect(e.message).toMatch(
      /^this config change can't be applied in immediate mode\ndiff:\n--- a\n\+\+\+ b\n/,
    );
    expect(t.applier.rollbackPending).toBe(false);
    expect(t.activated).toHaveLength(0);
  });
});

describe('ConfigApplier immediate-apply rules', () => {
  it('AUTO applies an immediate change without a reboot', async () => {
    const t = setup();
    const res = await t.applier.apply(Buffer.from(LABELLED), 'AUTO', false);
    expect(res).toMatchObject({ mode: 'NO_REBOOT', modeDetails: 'Applied configuration without a reboot' });
    expect(t.saved).toHaveLength(1);
    expect(labels(t.active())).toEqual({ zone: 'a' });
    expect(t.logs).toEqual(['apply config request: mode auto(no_reboot)']);
  });

  it('AUTO turns a reboot-requiring change into REBOOT, refused in a container without persisting', async () => {
    const t = setup();
    const dry = await t.applier.apply(Buffer.from(REBOOTING), 'AUTO', true);
    expect(dry.mode).toBe('REBOOT');
    expect(dry.modeDetails).toMatch(
      /^Dry run summary:\nApplied configuration with a reboot \(skipped in dry-run\)\./,
    );
    const e = await rejection(t.applier.apply(Buffer.from(REBOOTING), 'AUTO', false));
    expect(e.code).toBe(9);
    expect(e.message).toBe('method is not supported in container mode');
    expect(t.saved).toHaveLength(0);
    expect(t.activated).toHaveLength(0);
    expect(t.logs).toEqual(['apply config request: mode auto(reboot)']);
  });

  it('NO_REBOOT with a reboot-requiring change is InvalidArgument naming the field', async () => {
    const t = setup();
    const e = await rejection(t.applier.apply(Buffer.from(REBOOTING), 'NO_REBOOT', false));
    expect(e.code).toBe(3);
    expect(e.message).toContain('-        diskQuotaSupport: true\n+        diskQuotaSupport: false');
    expect(e.message).not.toContain('nodeLabels');
    expect(t.saved).toHaveLength(0);
  });

  it('in maintenance every mode but STAGED applies without a reboot', async () => {
    const t = setup(null);
    const res = await t.applier.apply(Buffer.from(REBOOTING), 'REBOOT', false);
    expect(res).toMatchObject({ mode: 'NO_REBOOT', modeDetails: 'Applied configuration without a reboot' });
    expect(t.saved).toHaveLength(1);
    expect(t.activated).toHaveLength(1);
  });
});

describe('ConfigApplier STAGED, dry run, validation', () => {
  it('STAGED persists without activating', async () => {
    const t = setup();
    const res = await t.applier.apply(Buffer.from(REBOOTING), 'STAGED', false);
    expect(res).toMatchObject({
      mode: 'STAGED',
      modeDetails: 'Staged configuration to be applied after the next reboot',
    });
    expect(t.saved).toHaveLength(1);
    expect(t.activated).toHaveLength(0);
  });

  it('a dry run changes nothing and reports the diff', async () => {
    const t = setup();
    await t.applier.apply(Buffer.from(LABELLED), 'TRY', false, ms100);
    t.activated.length = 0;
    const res = await t.applier.apply(Buffer.from(WORKER), 'NO_REBOOT', true);
    expect(res.mode).toBe('NO_REBOOT');
    expect(res.modeDetails).toMatch(
      /^Dry run summary:\nApplied configuration without a reboot \(skipped in dry-run\)\.\nConfig diff:\n\n--- a\n\+\+\+ b\n@@ /,
    );
    expect(res.modeDetails).toContain('-    nodeLabels:\n-        zone: a\n');
    expect(t.applier.rollbackPending).toBe(true);
    expect(t.saved).toHaveLength(0);
    expect(t.activated).toHaveLength(0);
    const same = await t.applier.apply(Buffer.from(LABELLED), 'AUTO', true);
    expect(same.modeDetails).toMatch(/\nConfig diff:\n\nNo changes\.$/);
  });

  it('an invalid config is a ConfigValidationError and changes nothing', async () => {
    const t = setup();
    const e: unknown = await t.applier
      .apply(Buffer.from('version: v1alpha1\nmachine: 5\n'), 'AUTO', false)
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(isConfigValidationError(e)).toBe(true);
    expect(t.saved).toHaveLength(0);
    expect(t.activated).toHaveLength(0);
  });
});

describe('ConfigApplier one at a time', () => {
  it('refuses an apply while another is in progress, and takes the next one after it', async () => {
    let release: () => void = () => {};
    const t = setup(WORKER, new Promise((r) => (release = r)));
    const first = t.applier.apply(Buffer.from(LABELLED), 'NO_REBOOT', false);
    await expect(t.applier.apply(Buffer.from(LABELLED), 'NO_REBOOT', true)).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
      message: 'another apply configuration is already in progress',
    });
    release();
    await expect(first).resolves.toMatchObject({ mode: 'NO_REBOOT' });
    await expect(t.applier.apply(Buffer.from(WORKER), 'NO_REBOOT', false)).resolves.toMatchObject({
      mode: 'NO_REBOOT',
    });
    expect(t.activated).toHaveLength(2);
  });
});

describe('formatGoDuration', () => {
  it('formats as Go’s time.Duration.String', () => {
    const cases: [bigint, string][] = [
      [0n, '0s'],
      [999n, '999ns'],
      [1_500n, '1.5µs'],
      [100_000_000n, '100ms'],
      [1_500_000_000n, '1.5s'],
      [60_000_000_000n, '1m0s'],
      [3_723_000_000_000n, '1h2m3s'],
      [-90_000_000_000n, '-1m30s'],
    ];
    for (const [ns, s] of cases) expect(formatGoDuration(ns)).toBe(s);
  });
});
