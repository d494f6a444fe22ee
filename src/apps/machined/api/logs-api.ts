// machine.MachineService Logs and LogsContainers: the node's own log sources (`talosctl logs
// machined`, `talosctl logs controller-runtime`, later one per service), as Talos v1.13 serves them.
import { status } from '@grpc/grpc-js';
import { ApiError } from '../../../grpc/errors';
import type * as common from '../../../gen/api/common';
import type * as machine from '../../../gen/api/machine';
import { implement, type Implementation } from '../../../grpc/handler';
import type { LogSources } from '../../../system/logs';

/** Talos's containerd namespace for system services, which `talosctl logs` sends without `-k`. */
export const SYSTEM_NAMESPACE = 'system';
/** Bytes per `common.Data` message. */
export const CHUNK_SIZE = 64 * 1024;

/** `tail_lines` negative: from the start of the kept log (talosctl's default is -1); 0: none. */
export type LogsRequest = machine.LogsRequest;

export function logsApi(sources: LogSources): Implementation<'machine.MachineService'> {
  return implement('machine.MachineService', {
    Logs: async (req, ctx, send) => {
      const id = req.id ?? '';
      // Talos serves kubelet from its service log whatever namespace is asked.
      if (req.namespace !== SYSTEM_NAMESPACE && id !== 'kubelet') {
        // Talos asks containerd or CRI here; this node runs no containers yet.
        throw new ApiError(status.UNKNOWN, `container ${JSON.stringify(id)} not found`);
      }
      const buf = sources.get(id);
      // Talos returns a plain error here, which gRPC answers as Unknown.
      if (!buf) throw new ApiError(status.UNKNOWN, `log ${JSON.stringify(id)} was not registered`);
      const lines = req.tail_lines ?? 0;
      const tail = lines >= 0 ? lines : undefined;
      if (!req.follow) {
        await sendChunks(buf.tail(tail), send);
        return;
      }
      for await (const batch of buf.follow(ctx.signal, { tail })) await sendChunks(batch, send);
    },

    LogsContainers: () => Promise.resolve({ messages: [{ ids: sources.ids() }] }),
  });
}

async function sendChunks(
  lines: readonly Buffer[],
  send: (d: common.DataInit) => Promise<void>,
): Promise<void> {
  if (lines.length === 0) return;
  const all = Buffer.concat(lines);
  for (let off = 0; off < all.length; off += CHUNK_SIZE)
    await send({ bytes: all.subarray(off, off + CHUNK_SIZE) });
}
