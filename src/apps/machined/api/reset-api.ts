// machine.MachineService Reset: answers at once with the actor id of the reset (a UUID as Talos, whose
// `talosctl reset --wait` follows the events of that actor) and runs the sequence in the background;
// a second reset while one runs is refused, as is a request the platform cannot carry out (checked
// before anything stops).
import { status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import type { ResetRequest } from '../reset';

export function resetApi(
  /** Checks the request (throwing the refusal) and returns the sequence to run under the actor id. */
  prepare: (req: ResetRequest) => (actorId: string) => Promise<void>,
  onError: (e: unknown) => void,
): Implementation<'machine.MachineService'> {
  let running = false;
  return implement('machine.MachineService', {
    Reset: (req) => {
      if (running) throw new ApiError(status.FAILED_PRECONDITION, 'a reset is already in progress');
      const reset = prepare(req);
      running = true;
      const actorId = randomUUID();
      void reset(actorId)
        .catch(onError)
        .finally(() => (running = false));
      return Promise.resolve({ messages: [{ actor_id: actorId }] });
    },
  });
}
