// What a call throws, for asserting its class, code and message together; fails when it does not throw.
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e: unknown) {
    return e;
  }
  throw new Error('expected a throw, the call returned');
}
