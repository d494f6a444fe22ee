// A writable stream that cuts what it is given into lines and appends them to a ring buffer,
// as written. Usable as the `out` of `createLogger` (which writes already-formatted lines).
import { Writable } from 'node:stream';
import type { LineRingBuffer } from './ring-buffer';

export interface LineSinkOptions {
  /**
   * Prefix each line with the local time as `2006/01/02 15:04:05.000000 `, as Talos does for the
   * `machined` log (its writes come from a logger that prints no time of its own).
   */
  readonly timestamps?: boolean;
  /** The clock, for tests. */
  readonly now?: () => Date;
  /** Also called with every complete line as written (before any timestamp), e.g. to tee to a file. */
  readonly onLine?: (line: Buffer) => void;
}

const NL = 0x0a;

export class LineSink extends Writable {
  /** The start of a line whose end has not been written yet. */
  private partial: Buffer = Buffer.alloc(0);

  constructor(
    private readonly buffer: LineRingBuffer,
    private readonly opts: LineSinkOptions = {},
  ) {
    super({ decodeStrings: true });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    let data = this.partial.length > 0 ? Buffer.concat([this.partial, chunk]) : chunk;
    for (let nl = data.indexOf(NL); nl >= 0; nl = data.indexOf(NL)) {
      this.emitLine(data.subarray(0, nl + 1));
      data = data.subarray(nl + 1);
    }
    // A runaway line without an end is cut at the buffer's capacity rather than held forever.
    if (data.length >= this.buffer.capacity) {
      this.emitLine(data);
      data = Buffer.alloc(0);
    }
    this.partial = Buffer.from(data);
    cb();
  }

  override _final(cb: (e?: Error | null) => void): void {
    if (this.partial.length > 0) this.emitLine(Buffer.concat([this.partial, Buffer.from('\n')]));
    this.partial = Buffer.alloc(0);
    cb();
  }

  private emitLine(line: Buffer): void {
    this.opts.onLine?.(line);
    if (!this.opts.timestamps) {
      this.buffer.append(line); // copied by the buffer
      return;
    }
    const stamp = goTimestamp((this.opts.now ?? (() => new Date()))());
    this.buffer.append(Buffer.concat([Buffer.from(`${stamp} `), line]));
  }
}

/** Go's `2006/01/02 15:04:05.000000` in local time (JavaScript has milliseconds only). */
export function goTimestamp(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return (
    `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000`
  );
}
