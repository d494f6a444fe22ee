// Errors raised while loading a machine configuration.
//
// A ConfigValidationError carries every problem found, each pointing at a dotted field path and,
// when known, the 1-based line and column of the offending YAML node. Problem messages name the
// field and describe what is wrong; they never repeat the value found in the config, so secrets
// (keys, tokens, passwords) cannot leak into logs through an error message.

/** One problem found in a machine configuration. */
export interface ConfigProblem {
  /** Dotted path of the field inside its document, e.g. `machine.network.hostname`; `''` for the document itself. */
  path: string;
  /** 1-based line of the offending YAML node, when known. */
  line?: number;
  /** 1-based column of the offending YAML node, when known. */
  column?: number;
  /** What is wrong, without the offending value. */
  message: string;
  /** Identifies the document for multi-document configs, e.g. `HostnameConfig` or `LinkConfig/eth0`. */
  document?: string;
}

/** Formats one problem as `line 12: [LinkConfig/eth0] mtu: must be an integer`. */
export function formatProblem(p: ConfigProblem): string {
  const parts: string[] = [];
  if (p.line !== undefined) parts.push(`line ${p.line}: `);
  if (p.document !== undefined && p.document !== '' && p.document !== 'v1alpha1')
    parts.push(`[${p.document}] `);
  if (p.path !== '') parts.push(`${p.path}: `);
  parts.push(p.message);
  return parts.join('');
}

function summarize(problems: readonly ConfigProblem[]): string {
  if (problems.length === 0) return 'invalid machine configuration';
  if (problems.length === 1) return formatProblem(problems[0] as ConfigProblem);
  return `${problems.length} errors: ${problems.map(formatProblem).join('; ')}`;
}

/** Thrown by the config parser and validator; carries the full list of problems. */
export class ConfigValidationError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(summarize(problems));
    this.name = 'ConfigValidationError';
    this.problems = Object.freeze(problems.map((p) => Object.freeze({ ...p })));
  }
}

/** True when `e` is a ConfigValidationError (also across module copies, by name and shape). */
export function isConfigValidationError(e: unknown): e is ConfigValidationError {
  if (e instanceof ConfigValidationError) return true;
  return (
    e instanceof Error &&
    e.name === 'ConfigValidationError' &&
    Array.isArray((e as { problems?: unknown }).problems)
  );
}

/** Orders problems by line, then column, keeping the original order for ties and unknown positions last. */
export function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => {
      const la = a.p.line ?? Number.MAX_SAFE_INTEGER;
      const lb = b.p.line ?? Number.MAX_SAFE_INTEGER;
      if (la !== lb) return la - lb;
      const ca = a.p.column ?? 0;
      const cb = b.p.column ?? 0;
      if (ca !== cb) return ca - cb;
      return a.i - b.i;
    })
    .map((x) => x.p);
}

/** An extra argument the machine config may not set: Talos sets it itself (argsbuilder's DenyListError). */
export class ExtraArgDeniedError extends Error {
  override name = 'ExtraArgDeniedError';
  constructor(readonly flag: string) {
    super(`extra arg ${JSON.stringify(flag)} is not allowed`);
  }
}

export const isExtraArgDeniedError = (e: unknown): e is ExtraArgDeniedError =>
  e instanceof ExtraArgDeniedError;
