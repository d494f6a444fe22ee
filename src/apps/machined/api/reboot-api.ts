// machine.MachineService Reboot through the sequencer: answers at once with the actor id (a UUID, as
// Talos) whose events `talosctl reboot --wait` follows, and runs the reboot in the background. Without
// a reboot the platform can carry out, the refusal of machine-api.ts's platform-only methods.
import { randomUUID } from 'node:crypto';
import { implement, type Implementation } from '../../../grpc/handler';
import type { PlatformName } from '../platform';
import { platformOnly } from './machine-api';

export function rebootApi(
  platform: PlatformName,
  reboot: ((actorId: string) => Promise<void>) | undefined,
  onError: (e: unknown) => void,
): Implementation<'machine.MachineService'> {
  return implement('machine.MachineService', {
    Reboot: reboot
      ? () => {
          const actorId = randomUUID();
          void reboot(actorId).catch(onError);
          return Promise.resolve({ messages: [{ actor_id: actorId }] });
        }
      : platformOnly(platform, 'reboot'),
  });
}
