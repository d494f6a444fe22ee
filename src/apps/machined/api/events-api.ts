// machine.MachineService Events: first an empty event (Talos's hello, telling the client the stream
// has started), then the tailed history, then every new runtime event, each payload as a
// google.protobuf.Any of type `talos/runtime/<message>`. A stand-in reboot ends the stream (Unavailable).
import { status } from '@grpc/grpc-js';
import type * as machine from '../../../gen/api/machine';
import { ApiError } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import type { MessageEncoder } from '../../../grpc/resource-codec';
import { EventStreamRestartedError, type EventStream, type RuntimeEvent } from '../../../events/event-stream';

export function eventsApi(
  events: EventStream,
  encode: MessageEncoder,
): Implementation<'machine.MachineService'> {
  const toMessage = (e: RuntimeEvent): machine.EventInit => ({
    data: { type_url: `talos/runtime/${e.typeName}`, value: Buffer.from(encode(e.typeName, e.payload)) },
    id: e.id,
    actor_id: e.actorId,
  });
  return implement('machine.MachineService', {
    Events: async (req, ctx, send) => {
      await send({
        data: { type_url: '', value: Buffer.alloc(0) },
        id: '',
        actor_id: req.with_actor_id ?? '',
      });
      const watch = events.watch(
        {
          tailEvents: req.tail_events ?? 0,
          tailId: req.tail_id ?? '',
          tailSeconds: req.tail_seconds ?? 0,
          actorId: req.with_actor_id ?? '',
        },
        ctx.signal,
      );
      try {
        for await (const e of watch) await send(toMessage(e));
      } catch (e: unknown) {
        // a rebooting node drops its connections; talosctl's --wait reconnects on Unavailable
        if (e instanceof EventStreamRestartedError) throw new ApiError(status.UNAVAILABLE, e.message);
        throw e;
      }
    },
  });
}
