// The npm packages esbuild bundled (from its metafile), with their versions and licenses, as the
// SBOM items the agent publishes: written beside the bundle as sbom.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `node_modules/@scope/name/...` or `node_modules/name/...` → the package directory. */
function packageDir(input) {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return m?.[1];
}

export function writeSBOM(metafile, outFile) {
  const dirs = new Set(
    Object.keys(metafile.inputs)
      .map(packageDir)
      .filter((d) => d !== undefined),
  );
  const items = [...dirs]
    .map((dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')))
    .map((p) => ({
      name: p.name,
      version: p.version,
      license: typeof p.license === 'string' ? p.license : undefined,
      purls: [`pkg:npm/${p.name.replace('@', '%40')}@${p.version}`],
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const self = JSON.parse(readFileSync('package.json', 'utf8'));
  items.unshift({ name: self.name, version: self.version, license: self.license });
  writeFileSync(outFile, `${JSON.stringify(items, null, 1)}\n`);
}
