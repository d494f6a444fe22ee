// The sequencer: phases in order, tasks of a phase side by side, the events talosctl's --wait reads
// (with the actor id of the request), the failure and lock events, and take-over by priority.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { EventStream } from '../../../src/events/event-stream';
import { canTakeOver, PhaseList, task } from '../../../src/sequencer/sequence';
import { metalUpgrade } from '../../../src/apps/machined/metal-lifecycle';
import {
  SequenceCanceledError,
  SequenceLockedError,
  Sequencer,
  TaskFailedError,
} from '../../../src/sequencer/sequencer';

const logger = pino({ level: 'silent' });

function setup() {
  const events = new EventStream();
  const sequencer = new Sequencer(events.publish, logger);
  const seen = async () => {
    const out: string[] = [];
    const ac = new AbortController();
    const it = events.watch({ tailEvents: -1 }, ac.signal);
    setTimeout(() => ac.abort(), 20);
    for await (const e of it) {
      const p = e.payload;
      const err = p['error'] as { code: number; message: string } | undefined;
      const name = String(p['sequence'] ?? p['phase'] ?? p['task']);
      out.push(
        `${e.typeName.replace('machine.', '')} ${name} ${String(p['action'])}${err ? ` ${err.code} ${err.message}` : ''} ${e.actorId}`,
      );
    }
    return out;
  };
  return { events, sequencer, seen };
}

describe('Sequencer', () => {
  it('runs phases in order, publishing sequence, phase and task events with the actor id', async () => {
    const { sequencer, seen } = setup();
    const order: string[] = [];
    const phases = new PhaseList()
      .append(
        'stopEverything',
        task('stopAllServices', () => Promise.resolve(void order.push('stop'))),
      )
      .appendWhen(
        false,
        'leave',
        task('leaveEtcd', () => Promise.reject(new Error('never'))),
      )
      .append(
        'reboot',
        task('reboot', () => Promise.resolve(void order.push('reboot'))),
      ).phases;
    await sequencer.run('reboot', phases, { actorId: 'actor-1' });
    expect(order).toEqual(['stop', 'reboot']);
    expect(await seen()).toEqual([
      'SequenceEvent reboot 1 actor-1',
      'PhaseEvent stopEverything 0 actor-1',
      'TaskEvent stopAllServices 0 actor-1',
      'TaskEvent stopAllServices 1 actor-1',
      'PhaseEvent stopEverything 1 actor-1',
      'PhaseEvent reboot 0 actor-1',
      'TaskEvent reboot 0 actor-1',
      'TaskEvent reboot 1 actor-1',
      'PhaseEvent reboot 1 actor-1',
      'SequenceEvent reboot 2 actor-1',
    ]);
    expect(sequencer.current).toBeUndefined();
  });

  it('runs the tasks of a phase side by side', async () => {
    const { sequencer } = setup();
    let inFlight = 0;
    let most = 0;
    const slow = (name: string) =>
      task(name, async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 10));
        inFlight--;
      });
    await sequencer.run('boot', new PhaseList().append('both', slow('a'), slow('b')).phases);
    expect(most).toBe(2);
  });

  it('stops at a failed task and ends with a FATAL NOOP event naming phase and task', async () => {
    const { sequencer, seen } = setup();
    let after = false;
    const phases = new PhaseList()
      .append(
        'leave',
        task('leaveEtcd', () => Promise.reject(new Error('etcd is gone'))),
      )
      .append(
        'stopEverything',
        task('stopAllServices', () => Promise.resolve(void (after = true))),
      ).phases;
    const err = await sequencer.run('reset', phases, { actorId: 'a' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskFailedError);
    expect((err as Error).message).toBe(
      'error running phase 1 in reset sequence: task 1/1: failed, etcd is gone',
    );
    expect(after).toBe(false);
    const events = await seen();
    expect(events.slice(-2)).toEqual([
      'SequenceEvent reset 2 a',
      'SequenceEvent reset 0 0 sequence failed: error running phase 1 in reset sequence: task 1/1: failed, etcd is gone a',
    ]);
  });

  it('refuses a sequence that cannot take over the running one, with a LOCKED event', async () => {
    const { sequencer, seen } = setup();
    let finish = (): void => undefined;
    const blocked = new Promise<void>((r) => (finish = r));
    const reset = sequencer.run(
      'reset',
      new PhaseList().append(
        'p',
        task('t', () => blocked),
      ).phases,
    );
    await expect(sequencer.run('upgrade', new PhaseList().phases, { actorId: 'up' })).rejects.toBeInstanceOf(
      SequenceLockedError,
    );
    finish();
    await reset;
    expect(await seen()).toContain('SequenceEvent upgrade 0 1 sequence not started: locked up');
  });

  it('lets a reboot take over a reset: the reset is cancelled (CANCELED), then the reboot runs', async () => {
    const { sequencer, seen } = setup();
    const reset = sequencer.run(
      'reset',
      new PhaseList().append(
        'p',
        task(
          't',
          (signal) =>
            new Promise<void>((_, reject) =>
              signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
            ),
        ),
      ).phases,
    );
    const resetResult = reset.catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 5));
    expect(sequencer.current).toBe('reset');
    await sequencer.run(
      'reboot',
      new PhaseList().append(
        'reboot',
        task('reboot', () => Promise.resolve()),
      ).phases,
    );
    expect(await resetResult).toBeInstanceOf(SequenceCanceledError);
    const events = await seen();
    expect(events).toContain('SequenceEvent reset 0 2 sequence failed: context canceled ');
    expect(events.at(-1)).toBe('SequenceEvent reboot 2 ');
  });

  it('follows Talos take-over priorities', () => {
    expect(canTakeOver('reboot', 'boot')).toBe(true);
    expect(canTakeOver('reboot', 'reset')).toBe(true);
    expect(canTakeOver('reset', 'boot')).toBe(true);
    expect(canTakeOver('reset', 'reboot')).toBe(false);
    expect(canTakeOver('upgrade', 'reset')).toBe(false);
    expect(canTakeOver('reboot', 'upgrade')).toBe(false);
    expect(canTakeOver('upgrade', undefined)).toBe(true);
  });

  it('runs a metal upgrade as the upgrade sequence under the request’s actor id', async () => {
    const { sequencer, seen } = setup();
    let written = 0;
    await metalUpgrade(sequencer, 'up-1', () => Promise.resolve(void written++));
    expect(written).toBe(1);
    expect(await seen()).toEqual([
      'SequenceEvent upgrade 1 up-1',
      'PhaseEvent upgrade 0 up-1',
      'TaskEvent upgrade 0 up-1',
      'TaskEvent upgrade 1 up-1',
      'PhaseEvent upgrade 1 up-1',
      'SequenceEvent upgrade 2 up-1',
    ]);
  });
});
