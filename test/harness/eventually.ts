/** Retries `fn` until it resolves, every 100 ms, at most `tries` times; rethrows the last error. */
export async function eventually<T>(fn: () => Promise<T>, tries = 100): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      return await fn();
    } catch (e: unknown) {
      last = e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw last;
}
