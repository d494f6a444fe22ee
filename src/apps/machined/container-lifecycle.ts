// Reboot and reset on the container platform, run by the sequencer with Talos's sequences. The process
// stays up, so it stands in for the reboot that ends them: what a real reboot loses is forgotten (the
// in-memory flags, the event history, the boot id), the API is down for a moment, then the boot
// sequence loads the config kept in STATE (if any) and starts the services again. A container cannot power off: a reset without reboot
// comes back the same way.
import type { EventPublisher } from '../../events/event-stream';
import type { Sequencer } from '../../sequencer/sequencer';
import { bootPhases, rebootPhases, resetPhases } from '../../sequencer/sequences';
import { resetPlan, wipeContainerSystem, type ResetRequest } from './reset';

/** machine.RestartEvent's cmd: the reboot(2) commands. */
const LINUX_REBOOT_CMD_RESTART = 0x01234567;
const LINUX_REBOOT_CMD_POWER_OFF = 0x4321fedc;

export interface ContainerLifecycleSteps {
  readonly rootDir: string;
  readonly publish: EventPublisher;
  readonly isControlPlane: () => boolean;
  /** This member leaves etcd (nothing when etcd is not running). */
  readonly leaveEtcd: (signal: AbortSignal) => Promise<void>;
  /** Every service but machined stopped (the API too; those a config started unloaded). */
  readonly stopAllServices: () => Promise<void>;
  /** Forgets the persisted config (STATE). */
  readonly wipeState: () => Promise<void>;
  /** What a reboot loses: in-memory flags and caches, the event history, the boot id. */
  readonly forgetBoot: () => Promise<void>;
  /** The config kept in STATE made active, or maintenance without one. */
  readonly loadConfig: () => Promise<void>;
  readonly startAllServices: () => Promise<void>;
  readonly log: (msg: string) => void;
  /**
   * How long the node stays down between the old boot and the new one (default REBOOT_DOWNTIME_MS):
   * the stand-in for the time a restarted node takes to come back. talosctl's --wait looks again once
   * a second; a node back sooner would look as if it never went away.
   */
  readonly downtimeMs?: number;
}

export const REBOOT_DOWNTIME_MS = 3_000;

export class ContainerLifecycle {
  constructor(
    private readonly sequencer: Sequencer,
    private readonly steps: ContainerLifecycleSteps,
  ) {}

  async reboot(actorId: string): Promise<void> {
    const s = this.steps;
    await this.sequencer.run(
      'reboot',
      rebootPhases({ stopAllServices: () => s.stopAllServices(), reboot: () => this.restartEvent(actorId) }),
      { actorId },
    );
    await this.boot();
  }

  async reset(req: ResetRequest, actorId: string): Promise<void> {
    const s = this.steps;
    await this.sequencer.run(
      'reset',
      resetPhases(resetPlan(req, s.isControlPlane()), {
        leaveEtcd: (signal) => s.leaveEtcd(signal),
        stopAllServices: () => s.stopAllServices(),
        wipeSystemDisk: () => wipeContainerSystem(req, s.rootDir, s.wipeState, s.log),
        reboot: () => this.restartEvent(actorId),
        shutdown: () => {
          s.log('the container platform cannot power off: the node boots again');
          return this.restartEvent(actorId, LINUX_REBOOT_CMD_POWER_OFF);
        },
      }),
      { actorId },
    );
    await this.boot();
  }

  /** The boot that follows: a new boot id and event history, then the config and the services. */
  private async boot(): Promise<void> {
    const s = this.steps;
    await s.forgetBoot();
    await new Promise((resolve) => setTimeout(resolve, s.downtimeMs ?? REBOOT_DOWNTIME_MS));
    await this.sequencer.run(
      'boot',
      bootPhases({ loadConfig: () => s.loadConfig(), startAllServices: () => s.startAllServices() }),
    );
  }

  private restartEvent(actorId: string, cmd = LINUX_REBOOT_CMD_RESTART): Promise<void> {
    this.steps.publish('machine.RestartEvent', { cmd }, actorId);
    return Promise.resolve();
  }
}
