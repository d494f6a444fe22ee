// Reboot, reset and upgrade on metal through the sequencer: their events are published, then the agent stops
// with its services and the init does the rest (the wipes, the reboot or the power-off). The agent
// acts once the answer to the request is on its way, so the client sees it before the node goes down.
import type { Sequencer } from '../../sequencer/sequencer';
import { handOverRebootPhases, handOverResetPhases, handOverUpgradePhases } from '../../sequencer/sequences';

const afterReply = (act: () => void): Promise<void> =>
  new Promise((resolve) => setTimeout(() => resolve(act()), 100));

export function metalReset(
  sequencer: Sequencer,
  actorId: string,
  steps: {
    readonly leaveEtcd?: (signal: AbortSignal) => Promise<void>;
    /** Stops the agent; the init wipes and reboots or powers off. */
    readonly wipeAndPower: () => void;
  },
): Promise<void> {
  const leave = steps.leaveEtcd;
  return sequencer.run(
    'reset',
    handOverResetPhases(leave !== undefined, {
      leaveEtcd: (s) => leave?.(s) ?? Promise.resolve(),
      stopAllServices: () => afterReply(steps.wipeAndPower),
    }),
    { actorId },
  );
}

export function metalReboot(sequencer: Sequencer, actorId: string, reboot: () => void): Promise<void> {
  return sequencer.run(
    'reboot',
    handOverRebootPhases(() => afterReply(reboot)),
    { actorId },
  );
}

/** A prepared upgrade (the slot written, then the reboot) run as the upgrade sequence. */
export function metalUpgrade(
  sequencer: Sequencer,
  actorId: string,
  upgrade: () => Promise<void>,
): Promise<void> {
  return sequencer.run('upgrade', handOverUpgradePhases(upgrade), { actorId });
}
