// The machine config loader (src/config), as the API and the metal boot feed it: any bytes. Refusals
// are ConfigValidationError, which the API answers with InvalidArgument. Inputs: the test configs with
// values replaced, removed or added at random paths, their text mutated byte by byte or with hostile
// YAML spliced in (aliases, tags, merge keys, deep nesting), and random YAML and bytes.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { status } from '@grpc/grpc-js';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { parseMachineConfig } from '../../../src/config';
import { isConfigValidationError } from '../../../src/config/errors';
import { toStatus } from '../../../src/grpc/errors';
import type { FuzzTarget } from '../fuzz-target';
import { mutatedBytes } from '../mutate';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/config');
const SEED_FILES = ['controlplane.yaml', 'worker.yaml', 'multidoc.yaml'];
const SEED_TEXTS = SEED_FILES.map((f) => readFileSync(join(FIXTURES, f), 'utf8'));
const SEED_DOCS = SEED_TEXTS.map((t) => parseAllDocuments(t).map((d) => d.toJS() as unknown));

type Path = (string | number)[];

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

/** Strings a config field may choke on. */
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '-1',
    '0',
    '1e309',
    'NaN',
    '0x10',
    '::',
    '/',
    '..',
    '../../etc/passwd',
    '10.0.0.0/33',
    '256.1.1.1',
    'fe80::1%eth0',
    'https://',
    'https://[::1',
    'http://a:b@c:99999/',
    '\0',
    '\u2028',
    '${HOME}',
    '%s%n',
    'a'.repeat(300),
    '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==',
  ),
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(0, -1, 65535, 65536, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER + 2),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), leaf, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

type Edit =
  | { at: number; kind: 'set'; value: unknown }
  | { at: number; kind: 'delete' }
  | { at: number; kind: 'add'; key: string; value: unknown };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ at: fc.nat(), kind: fc.constant('set' as const), value }),
  fc.record({ at: fc.nat(), kind: fc.constant('delete' as const) }),
  fc.record({ at: fc.nat(), kind: fc.constant('add' as const), key: fc.string({ maxLength: 16 }), value }),
);

function applyEdit(doc: unknown, path: Path, e: Edit): unknown {
  if (path.length === 0) return e.kind === 'set' ? e.value : doc;
  let parent = doc as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (e.kind === 'set') parent[last] = e.value;
  else if (e.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target))
      (target as Record<string, unknown>)[e.key] = e.value;
    else parent[last] = { [e.key]: e.value };
  }
  return doc;
}

/** A seed config with 1–6 edits at random paths, as YAML. */
const editedConfig: fc.Arbitrary<string> = fc
  .tuple(
    fc.nat({ max: SEED_DOCS.length - 1 }),
    fc.array(fc.tuple(fc.nat(), edit), { minLength: 1, maxLength: 6 }),
  )
  .map(([seed, edits]) => {
    const docs = structuredClone(SEED_DOCS[seed]!);
    for (const [docPick, e] of edits) {
      const d = docPick % docs.length;
      const candidates = paths(docs[d]);
      const path = candidates[e.at % candidates.length]!;
      docs[d] = applyEdit(docs[d], path, e);
    }
    return docs.map((d) => stringify(d)).join('---\n');
  });

/** YAML that stresses the parser itself, spliced into a seed at a random line. */
const HOSTILE_YAML = [
  'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
  'x: !!binary AAAA\n',
  'x: !!js/function "function(){}"\n',
  'x: !<tag:yaml.org,2002:python/object> {}\n',
  '<<: {machine: {type: worker}}\n',
  'x: *undefined_alias\n',
  `x: ${'['.repeat(200)}${']'.repeat(200)}\n`,
  `x: ${'{a: '.repeat(100)}1${'}'.repeat(100)}\n`,
  '? [a, b]\n: c\n',
  'x: |\n  \t\n',
  '%YAML 1.1\n---\n',
  '--- !!str\n',
  '...\n',
  '\ufeffversion: v1alpha1\n',
  'version: v1alpha1\nversion: v1alpha1\n',
  'machine:\n  type: controlplane\n  type: worker\n',
  'x: 0o777\ny: 0b101\nz: 1_000\n',
  'x: .inf\ny: -.nan\n',
  'x: 2001-02-03T04:05:06Z\n',
  'x: "\\ud800"\n',
  '\t- bad indentation\n',
];
const splicedConfig: fc.Arbitrary<string> = fc
  .tuple(
    fc.nat({ max: SEED_TEXTS.length - 1 }),
    fc.nat(),
    fc.constantFrom(...HOSTILE_YAML),
    fc.nat({ max: 8 }),
  )
  .map(([seed, at, snippet, indent]) => {
    const lines = SEED_TEXTS[seed]!.split('\n');
    const i = at % (lines.length + 1);
    const pad = ' '.repeat(indent);
    const block = snippet
      .split('\n')
      .map((l) => (l === '' ? l : pad + l))
      .join('\n');
    return [...lines.slice(0, i), block, ...lines.slice(i)].join('\n');
  });

/** Random YAML documents made of config-like keys. */
const KEYS = [
  'version',
  'machine',
  'cluster',
  'type',
  'token',
  'ca',
  'crt',
  'key',
  'network',
  'install',
  'disk',
  'apiVersion',
  'kind',
  'name',
  'hostname',
  'interfaces',
  'controlPlane',
  'endpoint',
  'secrets',
];
const randomDoc: fc.Arbitrary<string> = fc
  .array(
    fc.dictionary(
      fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 10 })),
      fc.oneof(value, fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 5 })),
      { maxKeys: 6 },
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((docs) => docs.map((d) => stringify(d)).join('---\n'));

export const configArbitrary: fc.Arbitrary<string | Buffer> = fc.oneof(
  { weight: 5, arbitrary: editedConfig },
  { weight: 2, arbitrary: splicedConfig },
  { weight: 3, arbitrary: mutatedBytes(SEED_TEXTS.map((t) => Buffer.from(t))) },
  { weight: 1, arbitrary: randomDoc },
  { weight: 1, arbitrary: fc.string({ maxLength: 400, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((u) => Buffer.from(u)) },
);

/** The MachineConfig accessors the agent calls on an accepted config. */
function readAccepted(input: string | Buffer): void {
  const cfg = parseMachineConfig(input);
  cfg.machineType();
  cfg.machineCA();
  cfg.machineToken();
  cfg.machineCertSANs();
  cfg.hostname();
  cfg.controlPlaneURL();
  cfg.clusterName();
  cfg.installDisk();
  cfg.installImage();
  parseMachineConfig(cfg.bytes());
}

export const configTarget: FuzzTarget<string | Buffer> = {
  name: 'config',
  arbitrary: configArbitrary,
  run: readAccepted,
  // The loader's one refusal, answered at the API with InvalidArgument and the reason.
  refused: (e) =>
    isConfigValidationError(e) && toStatus(e).code === status.INVALID_ARGUMENT && e.message !== '',
  show: (input) => JSON.stringify(typeof input === 'string' ? input : input.toString('latin1')),
};
