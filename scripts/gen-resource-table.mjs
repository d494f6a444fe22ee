// Writes src/resources/talos-resource-table.json: every resource type Talos v1.13 serves (type,
// default namespace, explicit aliases, print columns, sensitivity), from the shared reference.
// Usage: node scripts/gen-resource-table.mjs [talos-v1.13-resources.json] [out.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ref = resolve(process.argv[2] ?? resolve(repo, '../shared/reference/talos-v1.13-resources.json'));
const out = resolve(process.argv[3] ?? resolve(repo, 'src/resources/talos-resource-table.json'));

const { resources } = JSON.parse(readFileSync(ref, 'utf8'));
const table = resources
  .map((r) => ({
    type: r.type,
    defaultNamespace: r.default_namespace,
    ...(r.aliases?.length ? { aliases: r.aliases } : {}),
    ...(r.print_columns?.length
      ? { printColumns: r.print_columns.map((c) => ({ name: c.Name, jsonPath: c.JSONPath })) }
      : {}),
    ...(r.sensitive ? { sensitive: true } : {}),
  }))
  .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));

// Formatted as `prettier --check` expects, so the committed file needs no ignore entry.
const options = { ...(await prettier.resolveConfig(out)), filepath: out };
writeFileSync(out, await prettier.format(JSON.stringify(table), options));
console.log(`wrote ${table.length} resource types to ${out}`);
