// /dev/kmsg opened without blocking: every read(2) returns one record, EAGAIN once the reader has caught
// up with the buffer, and EPIPE when records it had not read yet were overwritten (the next read returns
// the oldest one left). Node.js has no poll(2) for such a device, so a reader that follows polls
// (kmsg-follower.ts).
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { errnoCode, osError, ProcfsError } from './errors';

export const KMSG_PATH = '/dev/kmsg';
/** Larger than any record (go-kmsg reads with the same size). */
const RECORD_BUFFER = 8192;

/** One reader's position in the kernel's log buffer. */
export interface KmsgDevice {
  /** The next record, or undefined when there is none yet. */
  next(): Promise<Buffer | undefined>;
  close(): Promise<void>;
}

export class KmsgReadError extends ProcfsError {
  override readonly name = 'KmsgReadError';
}

class NonBlockingKmsg implements KmsgDevice {
  private readonly buf = Buffer.allocUnsafe(RECORD_BUFFER);

  constructor(private readonly fh: FileHandle) {}

  async next(): Promise<Buffer | undefined> {
    for (;;) {
      try {
        const { bytesRead } = await this.fh.read(this.buf, 0, RECORD_BUFFER, null);
        if (bytesRead === 0) return undefined;
        return Buffer.from(this.buf.subarray(0, bytesRead));
      } catch (e: unknown) {
        const code = errnoCode(e);
        if (code === 'EAGAIN') return undefined;
        if (code === 'EPIPE') continue; // overrun: carry on from the oldest record kept
        throw new KmsgReadError(`error reading from kmsg: ${osError('read', KMSG_PATH, e).message}`);
      }
    }
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}

/** Opens a reader at the oldest record the kernel still holds. */
export async function openKmsg(path = KMSG_PATH): Promise<KmsgDevice> {
  try {
    return new NonBlockingKmsg(await open(path, constants.O_RDONLY | constants.O_NONBLOCK));
  } catch (e: unknown) {
    throw osError('open', path, e);
  }
}
