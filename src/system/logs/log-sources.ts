// The named log sources of a node (`machined`, `controller-runtime`, later one per service), each a
// bounded ring buffer of lines. Like Talos's logging manager, only writing registers a source:
// readers look sources up with `get` and see unknown ids as missing.
import { LineSink, type LineSinkOptions } from './line-sink';
import { DEFAULT_CAPACITY, LineRingBuffer } from './ring-buffer';

export const MACHINED_LOG = 'machined';
export const CONTROLLER_RUNTIME_LOG = 'controller-runtime';

export class LogSources {
  private readonly sources = new Map<string, LineRingBuffer>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** The source named `id`, created (empty) on first use. */
  source(id: string): LineRingBuffer {
    let buf = this.sources.get(id);
    if (!buf) {
      buf = new LineRingBuffer(this.capacity);
      this.sources.set(id, buf);
    }
    return buf;
  }

  /** The source named `id` if something registered it. */
  get(id: string): LineRingBuffer | undefined {
    return this.sources.get(id);
  }

  /** The ids of the registered sources, sorted. */
  ids(): string[] {
    return [...this.sources.keys()].sort();
  }

  /**
   * A writable stream appending to the source `id` (registering it now), for the `out` of
   * `createLogger` or a process's stdout/stderr. Lines are kept as written.
   */
  sink(id: string, opts: LineSinkOptions = {}): LineSink {
    return new LineSink(this.source(id), opts);
  }
}
