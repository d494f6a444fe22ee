// The vocabulary of machined's lifecycle, as Talos names it: a sequence (boot, reboot, reset, …) is an
// ordered list of phases; a phase is a set of tasks run side by side. Each start and end is published
// on the runtime event stream under these names, which talosctl's `--wait` reads (it waits, for one,
// for the task `stopAllServices`).

export type SequenceName =
  | 'boot'
  | 'initialize'
  | 'install'
  | 'shutdown'
  | 'upgrade'
  | 'stageUpgrade'
  | 'maintenanceUpgrade'
  | 'reset'
  | 'reboot';

export interface Task {
  /** The name in TaskEvents and logs, e.g. `stopAllServices`. */
  readonly name: string;
  run(signal: AbortSignal): Promise<void>;
}

export interface Phase {
  readonly name: string;
  readonly tasks: readonly Task[];
}

export const task = (name: string, run: (signal: AbortSignal) => Promise<void>): Task => ({ name, run });

/** Builds a sequence's phases in order; `when` leaves a phase out when its condition is false. */
export class PhaseList {
  private readonly list: Phase[] = [];

  append(name: string, ...tasks: Task[]): this {
    this.list.push({ name, tasks });
    return this;
  }

  appendWhen(when: boolean, name: string, ...tasks: Task[]): this {
    return when ? this.append(name, ...tasks) : this;
  }

  get phases(): readonly Phase[] {
    return this.list;
  }
}

/**
 * Which running sequence a requested one may take over (cancel and replace): a reboot takes over a
 * boot, a reboot or a reset; a reset and an upgrade only a boot; nothing else takes over anything.
 */
const TAKE_OVER: Readonly<Partial<Record<SequenceName, readonly SequenceName[]>>> = {
  initialize: ['maintenanceUpgrade', 'reboot'],
  boot: ['reboot', 'reset', 'upgrade'],
  reboot: ['reboot'],
  reset: ['reboot'],
};

export function canTakeOver(requested: SequenceName, running: SequenceName | undefined): boolean {
  if (running === undefined) return true;
  return TAKE_OVER[running]?.includes(requested) ?? false;
}
