// Change notifications from the kernel: one `ip monitor link address route rule` child per agent, started
// with the first watcher and stopped with the last. Every line it prints is a change; watchers are told
// at most once per `coalesceMs` (they re-read the state, so what changed does not matter).
import { spawn, type ChildProcess } from 'node:child_process';

export type ChangeListener = () => void;

export class KernelMonitor {
  private child: ChildProcess | undefined;
  private readonly listeners = new Set<ChangeListener>();
  private pending: NodeJS.Timeout | undefined;
  private restart: NodeJS.Timeout | undefined;

  constructor(private readonly coalesceMs = 100) {}

  /** Calls `listener` after kernel changes until `signal` fires. */
  watch(listener: ChangeListener, signal: AbortSignal): void {
    if (signal.aborted) return;
    this.listeners.add(listener);
    signal.addEventListener(
      'abort',
      () => {
        this.listeners.delete(listener);
        if (this.listeners.size === 0) this.stop();
      },
      { once: true },
    );
    this.start();
  }

  private start(): void {
    if (this.child || this.restart) return;
    const child = spawn('ip', ['monitor', 'link', 'address', 'route', 'rule'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    this.child = child;
    child.stdout?.on('data', () => this.changed());
    child.on('error', () => undefined);
    child.on('exit', () => {
      if (this.child !== child) return;
      this.child = undefined;
      // It should not end while watched: start again, and tell the watchers to re-read meanwhile.
      if (this.listeners.size > 0) {
        this.changed();
        this.restart = setTimeout(() => {
          this.restart = undefined;
          if (this.listeners.size > 0) this.start();
        }, 1000);
        this.restart.unref();
      }
    });
  }

  private changed(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      for (const l of [...this.listeners]) l();
    }, this.coalesceMs);
    this.pending.unref();
  }

  private stop(): void {
    clearTimeout(this.restart);
    clearTimeout(this.pending);
    this.restart = undefined;
    this.pending = undefined;
    const child = this.child;
    this.child = undefined;
    child?.kill();
  }
}
