// Bundles the agent into one ESM file, dist/talos-ts.js (what `npm start` and the image run).
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

function gitSha() {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const out = 'dist/talos-ts.js';
rmSync('dist', { recursive: true, force: true });
await build({
  // Commands and the config parser are split into chunks loaded on first use (faster start).
  entryPoints: { 'talos-ts': 'src/main.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  define: {
    __TALOS_TS_SHA__: JSON.stringify(gitSha()),
    __TALOS_TS_BUILT__: JSON.stringify(new Date().toISOString()),
  },
  logLevel: 'warning',
});
chmodSync(out, 0o755);
