// A seeded random number generator (mulberry32), so that a run with random moments can be repeated:
// tests print the seed and take it back from an environment variable.
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed from `name` in the environment, or a fresh one. */
export function seedFrom(name: string): number {
  const s = process.env[name];
  return s !== undefined ? Number(s) : Math.floor(Math.random() * 2 ** 31);
}
