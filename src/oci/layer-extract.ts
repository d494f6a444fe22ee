// Applying image layers, bottom to top, to a staging directory — only for the wanted paths. A later layer's
// entry replaces a lower one; a whiteout (`.wh.<name>`, or `.wh..wh..opq` for a directory's whole lower
// content) removes what lower layers put there. Layer bytes are hashed as they stream by: a blob that does
// not match its digest fails the pull, and since nothing leaves the staging directory before every layer
// has been checked, a bad blob never reaches the destination.
import { createHash, type Hash } from 'node:crypto';
import { copyFile, unlink } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { ImagePullError, isImagePullError } from './errors';
import type { Descriptor } from './manifest';
import { readTar, type TarEntry, type TarEntryType } from './tar-reader';
import { errorMessage } from '../error-message';

type Staged =
  | { readonly layer: number; readonly file: string; readonly mode: number }
  | { readonly layer: number; readonly notRegular: TarEntryType };

const OPAQUE = '.wh..wh..opq';
const WHITEOUT = '.wh.';

/** Checks a blob's size and sha256 as its bytes go by. */
export class BlobVerifier {
  private readonly hash: Hash = createHash('sha256');
  private total = 0;

  constructor(
    private readonly expected: Descriptor,
    private readonly where: string,
  ) {}

  update(chunk: Uint8Array): void {
    this.total += chunk.length;
    if (this.total > this.expected.size) {
      throw new ImagePullError(
        'digest-mismatch',
        `${this.where}: blob ${this.expected.digest} is larger than its ${this.expected.size} bytes`,
      );
    }
    this.hash.update(chunk);
  }

  finish(): void {
    if (this.total !== this.expected.size) {
      throw new ImagePullError(
        'digest-mismatch',
        `${this.where}: blob ${this.expected.digest} is ${this.total} bytes, expected ${this.expected.size}`,
      );
    }
    const got = `sha256:${this.hash.digest('hex')}`;
    if (got !== this.expected.digest) {
      throw new ImagePullError(
        'digest-mismatch',
        `${this.where}: blob digest mismatch: expected ${this.expected.digest}, got ${got}`,
      );
    }
  }
}

/** The wanted files as the layers applied so far leave them, in `dir`. */
export class LayerStage {
  readonly files = new Map<string, Staged>();
  private counter = 0;

  constructor(
    private readonly dir: string,
    private readonly wanted: ReadonlySet<string>,
  ) {}

  private async drop(path: string): Promise<void> {
    const s = this.files.get(path);
    this.files.delete(path);
    if (s !== undefined && 'file' in s) await unlink(s.file).catch(() => undefined);
  }

  /** Removes what lower layers left at `target` or beneath it. */
  private async whiteout(target: string, layer: number, beneathOnly: boolean): Promise<void> {
    for (const [path, s] of [...this.files]) {
      if (s.layer >= layer) continue;
      if ((!beneathOnly && path === target) || target === '' || path.startsWith(`${target}/`))
        await this.drop(path);
    }
  }

  async apply(entries: AsyncIterable<TarEntry>, layer: number): Promise<void> {
    for await (const e of entries) {
      const base = posix.basename(e.name);
      const dir = posix.dirname(e.name) === '.' ? '' : posix.dirname(e.name);
      if (base === OPAQUE) {
        await this.whiteout(dir, layer, true);
        continue;
      }
      if (base.startsWith(WHITEOUT)) {
        await this.whiteout(posix.join(dir, base.slice(WHITEOUT.length)), layer, false);
        continue;
      }
      // A non-directory replacing a directory hides everything lower layers had beneath it.
      if (e.type !== 'directory') await this.whiteout(e.name, layer, true);
      if (!this.wanted.has(e.name)) continue;
      await this.drop(e.name);
      if (e.type === 'file') {
        const file = posix.join(this.dir, `${this.counter++}`);
        await pipeline(Readable.from(e.body), createWriteStream(file, { mode: 0o600 }));
        this.files.set(e.name, { layer, file, mode: e.mode });
      } else if (
        e.type === 'hardlink' &&
        this.files.get(e.linkname) !== undefined &&
        'file' in this.files.get(e.linkname)!
      ) {
        const target = this.files.get(e.linkname) as { file: string; mode: number };
        const file = posix.join(this.dir, `${this.counter++}`);
        await copyFile(target.file, file);
        this.files.set(e.name, { layer, file, mode: target.mode });
      } else {
        this.files.set(e.name, { layer, notRegular: e.type });
      }
    }
  }
}

const GZIP = [0x1f, 0x8b];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];
const startsWith = (b: Uint8Array, magic: readonly number[]): boolean => magic.every((m, i) => b[i] === m);

/**
 * Streams one layer blob (`body`) through digest verification, decompression (by content: gzip or plain
 * tar) and the stage. When extraction fails, the rest of the blob is still hashed so that a corrupt blob
 * is reported as such rather than as the decompressor's complaint.
 */
export async function extractLayer(
  body: AsyncIterable<Uint8Array>,
  layer: Descriptor,
  index: number,
  stage: LayerStage,
  signal: AbortSignal,
  where: string,
): Promise<void> {
  if (layer.mediaType.endsWith('+zstd') || layer.mediaType.endsWith('.zstd')) {
    throw new ImagePullError(
      'unsupported',
      `${where}: layer ${layer.digest} is zstd-compressed (${layer.mediaType}), which is not supported`,
    );
  }
  const verifier = new BlobVerifier(layer, where);
  const raw = body[Symbol.asyncIterator]();
  const first = await raw.next();
  const head: Uint8Array = first.done === true ? new Uint8Array(0) : first.value;
  verifier.update(head);
  if (startsWith(head, ZSTD)) {
    throw new ImagePullError(
      'unsupported',
      `${where}: layer ${layer.digest} is zstd-compressed, which is not supported`,
    );
  }
  let rawDone = first.done === true;
  // Reads `raw` with next() only, so that the pipeline closing this generator does not close `raw`.
  const verified = async function* (): AsyncGenerator<Uint8Array> {
    if (head.length > 0) yield head;
    while (!rawDone) {
      const r = await raw.next();
      if (r.done === true) {
        rawDone = true;
        verifier.finish();
        return;
      }
      verifier.update(r.value);
      yield r.value;
    }
    verifier.finish();
  };
  const consume = async (source: AsyncIterable<Buffer>): Promise<void> => {
    const it = source[Symbol.asyncIterator]();
    const unclosed: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: () => ({ next: () => it.next() }) };
    await stage.apply(readTar(unclosed), index);
    // The tar may end before the blob does (end blocks, gzip trailer): read on to the digest check.
    while ((await it.next()).done !== true) {
      // discarded
    }
  };
  try {
    if (startsWith(head, GZIP))
      await pipeline(Readable.from(verified()), createGunzip(), consume, { signal });
    else await pipeline(Readable.from(verified()), consume, { signal });
  } catch (e: unknown) {
    if (isImagePullError(e) || signal.aborted) throw e;
    try {
      while (!rawDone) {
        const r = await raw.next();
        if (r.done === true) rawDone = true;
        else verifier.update(r.value);
      }
      verifier.finish();
    } catch (d: unknown) {
      if (isImagePullError(d)) throw d;
    }
    throw new ImagePullError('failed', `${where}: layer ${layer.digest}: ${errorMessage(e)}`, {
      cause: e,
    });
  } finally {
    await raw.return?.().catch(() => undefined);
  }
}
