// The ajv settings the config validators are compiled with (ahead of time, by
// scripts/gen-config-validators.ts).
import Ajv2020 from 'ajv/dist/2020';

export function createAjv(opts: { source: boolean }): Ajv2020 {
  return new Ajv2020({
    allErrors: true,
    verbose: true,
    // Referenced definitions become shared functions: less code.
    inlineRefs: false,
    strictSchema: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    logger: false,
    code: { source: opts.source, esm: true },
    // An absolute URI: a scheme, then anything without spaces.
    formats: { uri: /^[a-zA-Z][a-zA-Z0-9+.-]*:\S*$/ },
  });
}
