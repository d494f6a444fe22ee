// The one owner of the faults nobody caught: an exception thrown from a callback, a rejected promise no
// one awaited. Each is logged with its origin (which of the two, and the stack). A rejection is not
// fatal: no code is left half-run, and the process goes on. An exception is: the state of whatever
// was running is unknown, so the agent stops in order (its services first) and exits with EXIT_FAULT
// and the reason on stderr — on metal the init then starts the agent again, in a container the
// runtime sees the exit status.
import type { Logger } from './log';

/** The agent's exit status after an uncaught exception (EX_SOFTWARE). */
export const EXIT_FAULT = 70;
/** How long the orderly stop after a fault may take before the process exits anyway. */
const STOP_DEADLINE_MS = 15_000;

type Origin = 'uncaughtException' | 'unhandledRejection';

export interface FaultReport {
  readonly origin: Origin;
  readonly error: string;
  readonly stack?: string;
}

function report(origin: Origin, e: unknown): FaultReport {
  if (e instanceof Error)
    return { origin, error: `${e.name}: ${e.message}`, ...(e.stack ? { stack: e.stack } : {}) };
  return { origin, error: `non-error value thrown: ${typeof e === 'string' ? e : typeof e}` };
}

export class ProcessFaults {
  private logger: Pick<Logger, 'error'> | undefined;
  private stop: (() => void) | undefined;
  private fault: FaultReport | undefined;
  private installed = false;

  /** Registers the handlers (once per process; main does it before any command runs). */
  install(): void {
    if (this.installed) return;
    this.installed = true;
    process.on('uncaughtException', (e, origin) => this.onException(e, origin));
    process.on('unhandledRejection', (reason) => this.onRejection(reason));
  }

  /** The agent's logger and its orderly stop, while it runs; returns the undo. */
  attach(logger: Pick<Logger, 'error'>, stop: () => void): () => void {
    this.logger = logger;
    this.stop = stop;
    return () => {
      if (this.logger === logger) this.logger = undefined;
      if (this.stop === stop) this.stop = undefined;
    };
  }

  /** The fatal fault, once one happened: the exit status must then be EXIT_FAULT. */
  get fatal(): FaultReport | undefined {
    return this.fault;
  }

  private log(r: FaultReport, message: string): void {
    if (this.logger) this.logger.error({ origin: r.origin, error: r.error, stack: r.stack }, message);
    else process.stderr.write(`${message}: ${r.error} (${r.origin})\n${r.stack ?? ''}\n`);
  }

  private onRejection(reason: unknown): void {
    this.log(report('unhandledRejection', reason), 'unhandled promise rejection (the process goes on)');
  }

  private onException(e: unknown, origin: Origin): void {
    const r = report(origin, e);
    if (this.fault) {
      // a second one while stopping: no more waiting
      this.log(r, 'uncaught exception while stopping after a fault');
      process.exit(EXIT_FAULT);
    }
    this.fault = r;
    process.exitCode = EXIT_FAULT;
    this.log(r, 'uncaught exception: the agent stops');
    process.stderr.write(`fatal: uncaught exception: ${r.error}\n`);
    if (!this.stop) process.exit(EXIT_FAULT);
    setTimeout(() => {
      process.stderr.write('fatal: the agent did not stop in time after the fault\n');
      process.exit(EXIT_FAULT);
    }, STOP_DEADLINE_MS).unref();
    this.stop();
  }
}

/** The process's one instance. */
export const processFaults = new ProcessFaults();
