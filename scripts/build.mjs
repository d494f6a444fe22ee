// Bundles the agent into one ESM file, dist/talos-ts.js (what `npm start` and the tests run), with its
// chunks. `--image DIR` writes the image's build of it instead: one CommonJS file, DIR/talos-ts.cjs,
// that DIR/start.cjs (images/agent/start.cjs) runs with a V8 code cache (a single script is what V8 caches whole).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { writeSBOM } from './sbom.mjs';

function gitSha() {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * JSON modules as `JSON.parse('…')`: V8 parses a JSON string much faster than the same data as an
 * object literal in JavaScript (the API descriptor, the resource table: on the start path).
 */
const jsonAsParse = {
  name: 'json-as-parse',
  setup(b) {
    b.onLoad({ filter: /\.json$/ }, (args) => {
      const data = JSON.parse(readFileSync(args.path, 'utf8'));
      return {
        contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(data))});`,
        loader: 'js',
      };
    });
  },
};

const { values } = parseArgs({ options: { image: { type: 'string' } } });
const common = {
  plugins: [jsonAsParse],
  entryPoints: { 'talos-ts': 'src/main.ts' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  define: {
    __TALOS_TS_SHA__: JSON.stringify(gitSha()),
    __TALOS_TS_BUILT__: JSON.stringify(new Date().toISOString()),
  },
  logLevel: 'warning',
  metafile: true,
};

if (values.image) {
  rmSync(values.image, { recursive: true, force: true });
  const result = await build({
    ...common,
    outdir: values.image,
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    legalComments: 'linked',
  });
  copyFileSync('images/agent/start.cjs', `${values.image}/start.cjs`);
  writeSBOM(result.metafile, `${values.image}/sbom.json`);
} else {
  const out = 'dist/talos-ts.js';
  rmSync('dist', { recursive: true, force: true });
  const result = await build({
    ...common,
    // Commands and the config parser are split into chunks loaded on first use (faster start).
    outdir: 'dist',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    sourcemap: 'linked',
    legalComments: 'linked',
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
    },
  });
  chmodSync(out, 0o755);
  writeSBOM(result.metafile, 'dist/sbom.json');
}
