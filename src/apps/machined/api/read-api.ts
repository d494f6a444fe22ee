// machine.MachineService Read (`talosctl read <path>`): a file's bytes as a stream of common.Data.
// The kernel's views (/proc, /sys) are read as they are; other paths under the root directory, which
// is `/` on metal and the state directory in container mode. `talosctl reboot --wait` reads
// /proc/sys/kernel/random/boot_id through it to see the new boot.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import { status } from '@grpc/grpc-js';
import { ApiError } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import { CHUNK_SIZE } from './logs-api';

const KERNEL_VIEWS = /^\/(proc|sys)(\/|$)/;

/** Where `path` (absolute, as the client names it) is read from. */
export function resolveReadPath(rootDir: string, path: string): string {
  if (!isAbsolute(path)) throw new ApiError(status.INVALID_ARGUMENT, 'path must be absolute');
  const clean = normalize(path);
  return KERNEL_VIEWS.test(clean) ? clean : join(rootDir, clean);
}

/**
 * `virtual`: paths answered by the node itself (on the container platform the boot id, which changes with
 * each stand-in reboot).
 */
export function readApi(
  rootDir: string,
  virtual: ReadonlyMap<string, () => string> = new Map(),
): Implementation<'machine.MachineService'> {
  return implement('machine.MachineService', {
    Read: async (req, ctx, send) => {
      const own = virtual.get(normalize(req.path ?? ''));
      if (own) return send({ bytes: Buffer.from(own()) });
      const file = resolveReadPath(rootDir, req.path ?? '');
      let st;
      try {
        st = await stat(file);
      } catch {
        throw new ApiError(status.UNKNOWN, `open ${req.path ?? ''}: no such file or directory`);
      }
      if (st.isDirectory()) throw new ApiError(status.UNKNOWN, `read ${req.path ?? ''}: is a directory`);
      const stream = createReadStream(file, { highWaterMark: CHUNK_SIZE, signal: ctx.signal });
      for await (const chunk of stream as AsyncIterable<Buffer>) await send({ bytes: chunk });
    },
  });
}
