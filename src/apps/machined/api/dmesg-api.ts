// machine.MachineService Dmesg (`talosctl dmesg [-f] [--tail]`): the kernel's log buffer, one message
// per record, `<facility>: <priority>: [<time>]: <text>` as Talos sends it; a record that cannot be read
// or parsed is a message carrying only `metadata.error`. `follow` keeps the stream open for new records
// (one shared reader for all followers, src/procfs/kmsg-follower.ts); `tail` skips what the buffer
// already holds. In container mode this is the host kernel's buffer, as in a privileged Talos container.
import { uptime } from 'node:os';
import { status } from '@grpc/grpc-js';
import type * as common from '../../../gen/api/common';
import { ApiError } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import { errorMessage } from '../../../error-message';
import { formatKmsgRecord, parseKmsgRecord } from '../../../procfs/kmsg';
import { openKmsg, type KmsgDevice } from '../../../procfs/kmsg-device';
import { KmsgFollower, type KmsgItem } from '../../../procfs/kmsg-follower';

type Send = (d: common.DataInit) => Promise<void>;

/** The boot time as go-kmsg takes it for each reader: now minus the whole seconds of uptime, in ns. */
function bootTimeNs(): bigint {
  const nowNs = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
  return nowNs - BigInt(Math.floor(uptime())) * 1_000_000_000n;
}

function opening<T>(open: () => Promise<T>): Promise<T> {
  return open().catch((e: unknown) => {
    throw new ApiError(status.UNKNOWN, `error opening /dev/kmsg reader: ${errorMessage(e)}`);
  });
}

async function sendItem(item: KmsgItem, boot: bigint, send: Send): Promise<void> {
  if ('error' in item) await send({ metadata: { error: item.error } });
  else await send({ bytes: formatKmsgRecord(item.record, boot) });
}

/**
 * Sends the records the buffer holds now, oldest first; returns the last sequence number sent, or
 * undefined when reading stopped at an error (sent as a message).
 */
async function sendBacklog(
  device: KmsgDevice,
  boot: bigint,
  send: Send,
  signal: AbortSignal,
): Promise<bigint | undefined> {
  let last = -1n;
  while (!signal.aborted) {
    let raw: Buffer | undefined;
    try {
      raw = await device.next();
    } catch (e: unknown) {
      await send({ metadata: { error: errorMessage(e) } });
      return undefined;
    }
    if (!raw) break;
    let item: KmsgItem;
    try {
      item = { record: parseKmsgRecord(raw) };
      last = item.record.sequence;
    } catch (e: unknown) {
      item = { error: errorMessage(e) };
    }
    await sendItem(item, boot, send);
  }
  return last;
}

export interface DmesgApiOptions {
  /** Opens a reader of the kernel's log (default: /dev/kmsg). */
  readonly open?: () => Promise<KmsgDevice>;
  /** The shared reader of the followers (default: one over `open`). */
  readonly follower?: KmsgFollower;
}

export function dmesgApi(o: DmesgApiOptions = {}): Implementation<'machine.MachineService'> {
  const open = o.open ?? (() => openKmsg());
  const follower = o.follower ?? new KmsgFollower(open);
  return implement('machine.MachineService', {
    Dmesg: async (req, ctx, send) => {
      const boot = bootTimeNs();
      if (!req.follow) {
        const device = await opening(open);
        try {
          // From the tail without following there is nothing to send, as in Talos.
          if (!req.tail) await sendBacklog(device, boot, send, ctx.signal);
        } finally {
          await device.close();
        }
        return;
      }
      // Subscribe first, then send the backlog: a record written in between comes through both, and
      // the sequence number sorts that out.
      const sub = await opening(() => follower.subscribe());
      try {
        let last = -1n;
        if (!req.tail) {
          const device = await opening(open);
          try {
            const sent = await sendBacklog(device, boot, send, ctx.signal);
            if (sent === undefined) return;
            last = sent;
          } finally {
            await device.close();
          }
        }
        for await (const batch of sub.batches(ctx.signal)) {
          for (const item of batch) {
            if ('record' in item && item.record.sequence <= last) continue;
            await sendItem(item, boot, send);
          }
        }
      } finally {
        sub.close();
      }
    },
  });
}
