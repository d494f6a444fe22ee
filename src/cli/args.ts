// A small, strict flag parser: `--name value` and `--name=value`; unknown flags are errors.
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
export const isUsageError = (e: unknown): e is UsageError => e instanceof UsageError;

export interface ParsedArgs {
  readonly flags: ReadonlyMap<string, string>;
  readonly positional: readonly string[];
}

/** `booleans` are flags that take no value. */
export function parseArgs(
  argv: readonly string[],
  known: readonly string[],
  booleans: readonly string[] = [],
): ParsedArgs {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (booleans.includes(name)) {
      flags.set(name, eq < 0 ? 'true' : arg.slice(eq + 1));
      continue;
    }
    if (!known.includes(name)) throw new UsageError(`unknown flag --${name}`);
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new UsageError(`flag --${name} needs a value`);
    flags.set(name, value);
  }
  return { flags, positional };
}
