// The machine's lifecycle stage as machined moves through it (booting → maintenance → running …),
// handed to runtime.MachineStatusController. Talos's controller folds the machine event stream into
// the stage; here the owner of the lifecycle sets it directly and the controller is woken on change.
import type { MachineStage } from '../resources/runtime/machine-status';

export class MachineStages {
  private stage: MachineStage;
  private readonly listeners = new Set<() => void>();

  constructor(initial: MachineStage = 'unknown') {
    this.stage = initial;
  }

  get current(): MachineStage {
    return this.stage;
  }

  set(stage: MachineStage): void {
    if (stage === this.stage) return;
    this.stage = stage;
    for (const listener of [...this.listeners]) listener();
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
