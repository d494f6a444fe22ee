// machine.MachineService PacketCapture (`talosctl pcap`): the link's packets as a pcap stream, the
// client's classic BPF filter applied (src/network/capture/). A missing link is NotFound, a link type
// Talos does not capture or a filter the kernel would refuse InvalidArgument; the capture ends with
// the call.
import { status } from '@grpc/grpc-js';
import { ApiError } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import { capturePackets, PacketCaptureError } from '../../../network/capture/packet-capture';

const CODES = {
  'no-link': status.NOT_FOUND,
  'link-type': status.INVALID_ARGUMENT,
  filter: status.INVALID_ARGUMENT,
  tool: status.UNAVAILABLE,
} as const;

export function packetCaptureApi(): Implementation<'machine.MachineService'> {
  return implement('machine.MachineService', {
    PacketCapture: async (req, ctx, send) => {
      const done = new AbortController();
      const onAbort = (): void => done.abort();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      try {
        const stream = await capturePackets({
          link: req.interface,
          promiscuous: req.promiscuous,
          snapLen: req.snap_len,
          filter: req.bpf_filter,
          signal: done.signal,
        });
        for await (const bytes of stream) await send({ bytes });
      } catch (e: unknown) {
        if (e instanceof PacketCaptureError) throw new ApiError(CODES[e.problem], e.message);
        throw e;
      } finally {
        ctx.signal.removeEventListener('abort', onAbort);
        done.abort();
      }
    },
  });
}
