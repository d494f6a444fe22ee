// ImageService.Import (`talosctl image import`): an image archive (OCI or Docker tar) streamed in
// chunks after a first message naming the containerd instance, imported into that instance and
// unpacked, as Talos does. containerd's own client (`ctr images import`, reading the stream on its
// standard input) does the import; the answer names the first image of the archive.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { status } from '@grpc/grpc-js';
import { DEFAULT_SNAPSHOTTER } from '../../../containerd/client';
import { ctrBin, ctrError } from '../../../containerd/image-pull';
import { errorMessage } from '../../../error-message';
import type * as machine from '../../../gen/api/machine';
import { ApiError } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import { instanceOf, type ImagesApiOptions } from './images-api';

/** ctr's line for each image it unpacks: `unpacking <name> (<digest>)...`. */
const UNPACKED = /^unpacking (\S+) \(sha256:[0-9a-f]+\)/gm;

/** The names of the images ctr says it unpacked, in its order. */
export function importedNames(ctrStdout: string): string[] {
  return [...ctrStdout.matchAll(UNPACKED)].map((m) => m[1]!);
}

class ImportStreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportStreamError';
  }
}

/** The chunks after the first message, as bytes; a message that is not a chunk ends it with an error. */
async function* chunks(
  it: AsyncIterator<machine.ImageServiceImportRequest>,
): AsyncGenerator<Buffer, void, undefined> {
  for (;;) {
    const next = await it.next();
    if (next.done) return;
    const chunk = next.value.image_chunk;
    if (!chunk) throw new ImportStreamError('no image chunk');
    if (chunk.bytes.length > 0) yield chunk.bytes;
  }
}

export function imageImportApi(o: ImagesApiOptions): Implementation<'machine.ImageService'> {
  return implement('machine.ImageService', {
    Import: async (reqs, ctx) => {
      const it = reqs[Symbol.asyncIterator]();
      const first = await it.next();
      if (first.done) throw new ApiError(status.UNKNOWN, 'EOF');
      const containerd = first.value.containerd;
      if (!containerd) throw new ApiError(status.INVALID_ARGUMENT, 'containerd instance is required');
      const inst = instanceOf(o.rootDir, containerd);
      const child = spawn(
        ctrBin(),
        [
          '--address',
          inst.socket,
          '--namespace',
          inst.namespace,
          'images',
          'import',
          '--snapshotter',
          DEFAULT_SNAPSHOTTER,
          '-',
        ],
        { stdio: ['pipe', 'pipe', 'pipe'], signal: ctx.signal },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-8192)));
      const exited = new Promise<number | null>((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code) => resolve(code));
      });
      child.stdin.on('error', () => undefined); // ctr gone early: its exit says why
      let streamError: string | undefined;
      try {
        for await (const b of chunks(it)) {
          if (!child.stdin.write(b)) await Promise.race([once(child.stdin, 'drain'), exited]);
        }
      } catch (e: unknown) {
        streamError = errorMessage(e);
        child.kill('SIGKILL');
      }
      child.stdin.end();
      let code: number | null;
      try {
        code = await exited;
      } catch (e: unknown) {
        throw new ApiError(status.INTERNAL, `failed to import image: ${errorMessage(e)}`);
      }
      if (ctx.signal.aborted) throw new ApiError(status.CANCELLED, 'context canceled');
      if (streamError !== undefined)
        throw new ApiError(status.INTERNAL, `failed to import image: ${streamError}`);
      if (code !== 0) throw new ApiError(status.INTERNAL, `failed to import image: ${ctrError(stderr)}`);
      const names = importedNames(stdout);
      if (names.length === 0) throw new ApiError(status.INVALID_ARGUMENT, 'no images imported from archive');
      return { name: names[0]! };
    },
  });
}
