// A fuzz target: a parser that takes input from the network or a disk, the inputs fast-check makes for
// it, and the typed errors it may refuse them with. Anything else it throws (a TypeError, a RangeError,
// an untyped Error) is a crash; an input that takes longer than the limit is a hang.
import type fc from 'fast-check';

export interface FuzzTarget<T = unknown> {
  readonly name: string;
  readonly arbitrary: fc.Arbitrary<T>;
  /** Parses one input: returns (accepted) or throws (refused). May check invariants of what it parsed. */
  readonly run: (input: T) => unknown;
  /** Whether a thrown value is one of the parser's typed refusals (and, at the API, InvalidArgument). */
  readonly refused: (e: unknown) => boolean;
  /** Shown in reports: the input in a form that can be pasted into a test. */
  readonly show?: (input: T) => string;
}

export type Outcome = 'accepted' | 'refused';

/** Thrown for an input the parser crashed on. */
export class FuzzCrash extends Error {
  override name = 'FuzzCrash';
}

export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.constructor.name}(${e.name}): ${e.message}`;
  return `non-Error thrown: ${String(e)}`;
}

/** Runs one input; a crash throws FuzzCrash naming what was thrown. */
export async function runOne<T>(target: FuzzTarget<T>, input: T): Promise<Outcome> {
  try {
    await target.run(input);
    return 'accepted';
  } catch (e: unknown) {
    if (target.refused(e)) return 'refused';
    throw new FuzzCrash(`${target.name}: ${describeError(e)}`, { cause: e });
  }
}

/** Bytes for reports: hex, cut after `max` bytes. */
export function hex(b: Uint8Array, max = 256): string {
  const s = Buffer.from(b.subarray(0, max)).toString('hex');
  return b.length > max ? `${s}… (${b.length} bytes)` : s;
}

/** Builds a target's arbitrary lazily (fast-check is imported by the caller's module graph once). */
export function errorClass(...classes: (abstract new (...args: never[]) => Error)[]) {
  return (e: unknown): boolean => classes.some((c) => e instanceof c);
}

/** A target with its input type erased: the runner only hands a target the inputs it made itself. */
export type AnyFuzzTarget = FuzzTarget<unknown>;
export const erase = <T>(t: FuzzTarget<T>): AnyFuzzTarget => t as unknown as AnyFuzzTarget;
