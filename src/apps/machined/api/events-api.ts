// machine.MachineService Events: first an empty event (Talos's hello, telling the client the stream
// has started), then the tailed history, then every new runtime event, each payload as a
// google.protobuf.Any of type `talos/runtime/<message>`.
import type * as machine from '../../../gen/api/machine';
import { implement, type Implementation } from '../../../grpc/handler';
import type { MessageEncoder } from '../../../grpc/resource-codec';
import type { EventStream, RuntimeEvent } from '../../../events/event-stream';

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
      for await (const e of watch) await send(toMessage(e));
    },
  });
}
