// Runs one sequence at a time, as Talos's controller: the phases in order, the tasks of a phase side
// by side, each start and end published as SequenceEvent, PhaseEvent and TaskEvent under the actor
// that asked for the sequence. A sequence that cannot take over the running one is not started (a
// SequenceEvent NOOP with code LOCKED says so); one that fails or is cancelled ends with a NOOP event
// carrying the reason (FATAL or CANCELED).
import type { EventPublisher } from '../events/event-stream';
import { errorMessage } from '../error-message';
import type { Logger } from '../log';
import { canTakeOver, type Phase, type SequenceName } from './sequence';

/** common.Code */
const CODE = { FATAL: 0, LOCKED: 1, CANCELED: 2 } as const;
/** machine.SequenceEvent.Action; PhaseEvent and TaskEvent: START 0, STOP 1. */
const SEQUENCE_ACTION = { NOOP: 0, START: 1, STOP: 2 } as const;

export class SequenceLockedError extends Error {
  override readonly name = 'SequenceLockedError';
  constructor(readonly sequence: SequenceName) {
    super('locked');
  }
}

export class SequenceCanceledError extends Error {
  override readonly name = 'SequenceCanceledError';
  constructor(readonly sequence: SequenceName) {
    super('context canceled');
  }
}

export class TaskFailedError extends Error {
  override readonly name = 'TaskFailedError';
}

export interface RunOptions {
  /** The actor id of the events (the id the API answered the request with). */
  readonly actorId?: string;
  /** Cancel whatever runs, whatever the priorities (Talos's WithTakeover). */
  readonly takeover?: boolean;
}

interface Running {
  readonly name: SequenceName;
  readonly abort: AbortController;
  readonly done: Promise<void>;
}

const elapsed = (since: number): string => `${((Date.now() - since) / 1000).toFixed(3)}s`;

export class Sequencer {
  private running: Running | undefined;
  private readonly started = new Set<(name: SequenceName) => void>();

  constructor(
    private readonly publish: EventPublisher,
    private readonly logger: Logger,
  ) {}

  /** The sequence running now. */
  get current(): SequenceName | undefined {
    return this.running?.name;
  }

  /** Calls `listener` as each sequence starts; returns the unsubscribe function. */
  onStart(listener: (name: SequenceName) => void): () => void {
    this.started.add(listener);
    return () => this.started.delete(listener);
  }

  async run(name: SequenceName, phases: readonly Phase[], opts: RunOptions = {}): Promise<void> {
    const actorId = opts.actorId ?? '';
    const previous = this.running;
    if (previous) {
      if (!opts.takeover && !canTakeOver(name, previous.name)) {
        this.publish(
          'machine.SequenceEvent',
          {
            sequence: name,
            action: SEQUENCE_ACTION.NOOP,
            error: { code: CODE.LOCKED, message: 'sequence not started: locked' },
          },
          actorId,
        );
        throw new SequenceLockedError(name);
      }
      previous.abort.abort(new SequenceCanceledError(previous.name));
      await previous.done;
    }
    const abort = new AbortController();
    let release = (): void => undefined;
    const done = new Promise<void>((resolve) => (release = resolve));
    const self: Running = { name, abort, done };
    this.running = self;
    for (const listener of [...this.started]) listener(name);
    try {
      await this.runPhases(name, phases, actorId, abort.signal);
    } catch (e: unknown) {
      const canceled = e instanceof SequenceCanceledError;
      this.publish(
        'machine.SequenceEvent',
        {
          sequence: name,
          action: SEQUENCE_ACTION.NOOP,
          error: {
            code: canceled ? CODE.CANCELED : CODE.FATAL,
            message: `sequence failed: ${errorMessage(e)}`,
          },
        },
        actorId,
      );
      throw e;
    } finally {
      if (this.running === self) this.running = undefined;
      release();
    }
  }

  private async runPhases(
    name: SequenceName,
    phases: readonly Phase[],
    actorId: string,
    signal: AbortSignal,
  ): Promise<void> {
    const log = this.logger;
    const start = Date.now();
    this.publish('machine.SequenceEvent', { sequence: name, action: SEQUENCE_ACTION.START }, actorId);
    log.info(`${name} sequence: ${phases.length} phase(s)`);
    try {
      for (const [i, phase] of phases.entries()) {
        const progress = `${i + 1}/${phases.length}`;
        const phaseStart = Date.now();
        log.info(`phase ${phase.name} (${progress}): ${phase.tasks.length} tasks(s)`);
        try {
          await this.runPhase(phase, actorId, signal);
        } catch (e: unknown) {
          log.info(`phase ${phase.name} (${progress}): failed`);
          if (e instanceof SequenceCanceledError) throw e;
          const reason = errorMessage(e);
          throw new TaskFailedError(`error running phase ${i + 1} in ${name} sequence: ${reason}`, {
            cause: e,
          });
        }
        log.info(`phase ${phase.name} (${progress}): done, ${elapsed(phaseStart)}`);
        if (signal.aborted) throw new SequenceCanceledError(name);
      }
      log.info(`${name} sequence: done: ${elapsed(start)}`);
    } catch (e: unknown) {
      log.info(`${name} sequence: failed`);
      throw e;
    } finally {
      this.publish('machine.SequenceEvent', { sequence: name, action: SEQUENCE_ACTION.STOP }, actorId);
    }
  }

  private async runPhase(phase: Phase, actorId: string, signal: AbortSignal): Promise<void> {
    this.publish('machine.PhaseEvent', { phase: phase.name, action: 0 }, actorId);
    try {
      const results = await Promise.allSettled(
        phase.tasks.map((t, i) => this.runTask(t, `${i + 1}/${phase.tasks.length}`, actorId, signal)),
      );
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      this.publish('machine.PhaseEvent', { phase: phase.name, action: 1 }, actorId);
    }
  }

  private async runTask(
    t: { name: string; run(s: AbortSignal): Promise<void> },
    progress: string,
    actorId: string,
    signal: AbortSignal,
  ): Promise<void> {
    const log = this.logger;
    const start = Date.now();
    this.publish('machine.TaskEvent', { task: t.name, action: 0 }, actorId);
    log.info(`task ${t.name} (${progress}): starting`);
    try {
      if (signal.aborted) throw signal.reason;
      await t.run(signal);
      log.info(`task ${t.name} (${progress}): done, ${elapsed(start)}`);
    } catch (e: unknown) {
      if (e instanceof SequenceCanceledError) throw e;
      const reason = errorMessage(e);
      log.info(`task ${t.name} (${progress}): failed: ${reason}`);
      throw new TaskFailedError(`task ${progress}: failed, ${reason}`, { cause: e });
    } finally {
      this.publish('machine.TaskEvent', { task: t.name, action: 1 }, actorId);
    }
  }
}
