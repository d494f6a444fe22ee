// One request stream sent to several nodes: every message goes to every node, and the caller is read
// no faster than the slowest node still reading takes them (a few messages of slack each), so a big
// upload is never held in memory whole. A node that stops reading (it failed) no longer holds the rest.

interface Consumer {
  readonly queue: Buffer[];
  wake: (() => void) | undefined;
  live: boolean;
}

export interface TeeBranch extends AsyncIterable<Buffer> {
  /** This branch's node is done (answered or failed): it no longer holds the others back. */
  release(): void;
}

export function teeRequests(source: AsyncIterable<Buffer>, count: number, slack = 8): TeeBranch[] {
  const consumers: Consumer[] = Array.from({ length: count }, () => ({
    queue: [],
    wake: undefined,
    live: true,
  }));
  let ended = false;
  let failure: { error: unknown } | undefined;
  let started = false;
  let pumpWake: (() => void) | undefined;

  const wakeConsumers = (): void => {
    for (const c of consumers) {
      const w = c.wake;
      c.wake = undefined;
      w?.();
    }
  };
  const wakePump = (): void => {
    const w = pumpWake;
    pumpWake = undefined;
    w?.();
  };
  const full = (): boolean => consumers.some((c) => c.live && c.queue.length >= slack);

  const pump = async (): Promise<void> => {
    try {
      for await (const b of source) {
        if (!consumers.some((c) => c.live)) break;
        for (const c of consumers) if (c.live) c.queue.push(b);
        wakeConsumers();
        while (full()) await new Promise<void>((resolve) => (pumpWake = resolve));
      }
    } catch (error: unknown) {
      failure = { error };
    }
    ended = true;
    wakeConsumers();
  };

  const iterate = async function* (c: Consumer): AsyncGenerator<Buffer> {
    if (!started) {
      started = true;
      void pump();
    }
    try {
      for (;;) {
        if (!c.live) return;
        const b = c.queue.shift();
        if (b !== undefined) {
          wakePump();
          yield b;
          continue;
        }
        if (ended) {
          if (failure) throw failure.error;
          return;
        }
        await new Promise<void>((resolve) => (c.wake = resolve));
      }
    } finally {
      c.live = false;
      c.queue.length = 0;
      wakePump();
    }
  };

  return consumers.map((c) => ({
    [Symbol.asyncIterator]: () => iterate(c),
    release: () => {
      c.live = false;
      c.queue.length = 0;
      wakePump();
      const w = c.wake;
      c.wake = undefined;
      w?.();
    },
  }));
}
