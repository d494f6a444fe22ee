// The phases of the sequences machined runs, with Talos's phase and task names. The platform hands in
// what each task does; the order and the names, which talosctl reads, are fixed here.
import { PhaseList, task, type Phase } from './sequence';

type Step = (signal: AbortSignal) => Promise<void>;

export interface RebootSteps {
  readonly stopAllServices: Step;
  readonly reboot: Step;
}

/** reboot: every service stopped, then the reboot itself. */
export function rebootPhases(steps: RebootSteps): readonly Phase[] {
  return new PhaseList()
    .append('stopEverything', task('stopAllServices', steps.stopAllServices))
    .append('reboot', task('reboot', steps.reboot)).phases;
}

export interface ResetPlan {
  /** A graceful reset of a control plane leaves etcd first. */
  readonly leaveEtcd: boolean;
  /** The whole system disk (no labels named), the labels named (a spec), or nothing of it. */
  readonly systemDisk: 'all' | 'spec' | 'none';
  readonly reboot: boolean;
}

export interface ResetSteps {
  readonly leaveEtcd: Step;
  readonly stopAllServices: Step;
  readonly wipeSystemDisk: Step;
  readonly reboot: Step;
  readonly shutdown: Step;
}

/** reset: leave etcd (graceful control plane), stop everything, wipe, then reboot or power off. */
export function resetPhases(plan: ResetPlan, steps: ResetSteps): readonly Phase[] {
  return new PhaseList()
    .appendWhen(plan.leaveEtcd, 'leave', task('leaveEtcd', steps.leaveEtcd))
    .append('stopEverything', task('stopAllServices', steps.stopAllServices))
    .appendWhen(plan.systemDisk === 'all', 'reset', task('resetSystemDisk', steps.wipeSystemDisk))
    .appendWhen(plan.systemDisk === 'spec', 'resetSpec', task('resetSystemDiskSpec', steps.wipeSystemDisk))
    .appendWhen(plan.reboot, 'reboot', task('reboot', steps.reboot))
    .appendWhen(!plan.reboot, 'shutdown', task('shutdown', steps.shutdown)).phases;
}

export interface BootSteps {
  readonly loadConfig: Step;
  readonly startAllServices: Step;
}

/** boot (after a stand-in reboot): the config loaded, then the services it asks for started. */
export function bootPhases(steps: BootSteps): readonly Phase[] {
  return new PhaseList()
    .append('config', task('loadConfig', steps.loadConfig))
    .append('startEverything', task('startAllServices', steps.startAllServices)).phases;
}

/**
 * reset on metal: the agent stops with its services and the init does the wipes and the reboot or
 * power-off, so the sequence ends with the task that stops everything.
 */
export function handOverResetPhases(
  leaveEtcd: boolean,
  steps: Pick<ResetSteps, 'leaveEtcd' | 'stopAllServices'>,
): readonly Phase[] {
  return new PhaseList()
    .appendWhen(leaveEtcd, 'leave', task('leaveEtcd', steps.leaveEtcd))
    .append('stopEverything', task('stopAllServices', steps.stopAllServices)).phases;
}

/** reboot on metal: the agent stops with its services and the init reboots. */
export function handOverRebootPhases(reboot: Step): readonly Phase[] {
  return new PhaseList().append('reboot', task('reboot', reboot)).phases;
}

/** upgrade on metal: the new boot slot written, then the agent stops with its services and the init reboots. */
export function handOverUpgradePhases(upgrade: Step): readonly Phase[] {
  return new PhaseList().append('upgrade', task('upgrade', upgrade)).phases;
}
