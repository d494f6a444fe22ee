// The bounded fuzz run of CI (the long one is `npm run fuzz`): every parser that takes input from the
// network or a disk gets inputs from a fresh random seed (printed with any failure, so it can be
// replayed) and must accept each or refuse it with its typed error, never crash and never hang.
import { describe, expect, it } from 'vitest';
import { fuzz } from '../../fuzz/runner';
import { TARGET_NAMES } from '../../fuzz/targets';

const INPUTS = Number(process.env['FUZZ_CI_INPUTS'] ?? 1000);
/** The config loader is the largest surface: twice the inputs. */
const inputsFor = (target: string): number => (target === 'config' ? 2 * INPUTS : INPUTS);

describe('fuzzing the parsers of untrusted input (bounded run)', () => {
  it.each(TARGET_NAMES)(
    '%s: every input accepted or refused with its typed error, no crash, no hang',
    async (target) => {
      const r = await fuzz(target, { inputs: inputsFor(target), hangMs: 20_000 });
      console.log(
        JSON.stringify({
          fuzz: target,
          inputs: r.tried,
          accepted: r.accepted,
          refused: r.refused,
          crashes: r.crashes.length,
          hangs: r.hangs.length,
          seconds: r.seconds,
        }),
      );
      expect(r.crashes).toEqual([]);
      expect(r.hangs).toEqual([]);
      expect(r.tried).toBe(inputsFor(target));
      // the inputs reach both sides: some parse, some are refused
      expect(r.accepted).toBeGreaterThan(0);
      expect(r.refused).toBeGreaterThan(0);
    },
    600_000,
  );
});
