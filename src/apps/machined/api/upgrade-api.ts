// machine.MachineService Upgrade and Rollback. The container platform refuses both (FailedPrecondition,
// as Talos in a container). On metal an upgrade is checked and its image pulled before the answer
// (`Upgrade request received` with the actor id), then the upgrade sequence (its events under that
// actor id, as talosctl upgrade --wait follows them) writes the slot and the node reboots; a
// rollback switches the boot slot, answers, and reboots.
import { randomUUID } from 'node:crypto';
import { implement, type Implementation } from '../../../grpc/handler';
import type { MachineConfig } from '../../../config';
import { registryMirrors } from '../../../install/installer-image';
import type { MetalUpgrader } from '../metal-upgrade';
import { checkSupported, type PlatformName } from '../platform';
import { ApiError } from '../../../grpc/errors';
import { status } from '@grpc/grpc-js';

export function upgradeApi(o: {
  readonly platform: PlatformName;
  readonly upgrader?: MetalUpgrader;
  /** Runs the prepared upgrade as the upgrade sequence under the actor id. */
  readonly sequence?: (actorId: string, upgrade: () => Promise<void>) => Promise<void>;
  readonly config: () => MachineConfig | undefined;
  readonly reboot: () => void;
  readonly onError: (e: unknown) => void;
}): Implementation<'machine.MachineService'> {
  const upgrader = (capability: 'upgrade' | 'rollback'): MetalUpgrader => {
    checkSupported(o.platform, capability);
    if (!o.upgrader) throw new ApiError(status.FAILED_PRECONDITION, 'Talos is not installed');
    return o.upgrader;
  };
  return implement('machine.MachineService', {
    Upgrade: async (req) => {
      const run = await upgrader('upgrade').prepare(req, registryMirrors(o.config()));
      const actorId = randomUUID();
      void (o.sequence ? o.sequence(actorId, run) : run()).catch(o.onError);
      return { messages: [{ ack: 'Upgrade request received', actor_id: actorId }] };
    },
    Rollback: async () => {
      await upgrader('rollback').rollback();
      setTimeout(o.reboot, 100);
      return { messages: [{}] };
    },
  });
}
