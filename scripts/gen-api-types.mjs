#!/usr/bin/env node
// Writes src/gen/api/: the TypeScript types of the API services that talos-ts implements, read from
// src/gen/api-descriptor.json (itself generated from proto/). Only the services listed in SERVICES and
// the messages their methods reach are written. For each message two types:
//   `Foo`     — the message as the server decodes it (src/grpc/api-schema.ts TO_OBJECT_OPTIONS: proto field
//               names, 64-bit integers as decimal strings, enums by name (a value this API does not
//               define arrives as its number: the types leave that out), bytes as Buffer, every scalar,
//               list and map present with its default, an unset message field null, oneof members and
//               proto3 `optional` fields absent unless set, and each oneof's name naming the member set);
//   `FooInit` — what an answer may be built from (protobufjs fromObject: every field optional, 64-bit
//               integers as number or string, enums by name or number, bytes as Uint8Array or base64).
// A request type is written in the decoded form, an answer in the Init form, and the messages they
// reach likewise. services.ts maps each service's methods to handler types (src/grpc/handler.ts).
//
// Usage: node scripts/gen-api-types.mjs [descriptor.json] [out-dir]
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import protobuf from 'protobufjs';

/** The services with handlers in talos-ts. Add one here (and run `make proto`) before implementing it. */
const SERVICES = [
  'machine.MachineService',
  'inspect.InspectService',
  'cosi.resource.State',
  'securityapi.SecurityService',
  'storage.StorageService',
  'time.TimeService',
  'machine.ImageService',
  'cluster.ClusterService',
  'machine.LifecycleService',
  'machine.DebugService',
];

const descriptorPath = resolve(process.argv[2] ?? 'src/gen/api-descriptor.json');
const outDir = resolve(process.argv[3] ?? 'src/gen/api');

const root = protobuf.Root.fromJSON(JSON.parse(readFileSync(descriptorPath, 'utf8')));
root.resolveAll();

const LONGS = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const NUMBERS = new Set(['double', 'float', 'int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);

const fullName = (obj) => obj.fullName.replace(/^\./, '');

/** The package of a message or enum: its enclosing namespaces that are not messages. */
function packageOf(obj) {
  let p = obj.parent;
  while (p instanceof protobuf.Type) p = p.parent;
  return fullName(p);
}

/** The name inside its package, nested names joined by `_` (machine.ResetRequest.WipeMode → ResetRequest_WipeMode). */
const localName = (obj) =>
  fullName(obj)
    .slice(packageOf(obj).length + 1)
    .replaceAll('.', '_');

/** Import alias and file of a package (google.protobuf → google_protobuf, google/protobuf.ts). */
const alias = (pkg) => pkg.replaceAll('.', '_');
const fileOf = (pkg) => `${pkg.replaceAll('.', '/')}.ts`;

// Reachability: decoded forms from requests, Init forms from answers.
const decoded = new Set();
const inits = new Set();
const enums = new Set();
function reach(type, set) {
  if (set.has(type)) return;
  set.add(type);
  for (const field of type.fieldsArray) {
    const t = field.resolvedType;
    if (t instanceof protobuf.Type) reach(t, set);
    else if (t instanceof protobuf.Enum) enums.add(t);
  }
}
const services = SERVICES.map((name) => {
  const svc = root.lookupService(name);
  for (const m of svc.methodsArray) {
    reach(m.resolvedRequestType, decoded);
    reach(m.resolvedResponseType, inits);
  }
  return svc;
});

/** A reference to a message or enum from a file of package `from`. */
function ref(obj, from, suffix = '') {
  const pkg = packageOf(obj);
  const name = `${localName(obj)}${suffix}`;
  return pkg === from ? name : `${alias(pkg)}.${name}`;
}

const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

function decodedValue(field, from) {
  const t = field.resolvedType;
  if (t instanceof protobuf.Type) return ref(t, from);
  if (t instanceof protobuf.Enum) return ref(t, from);
  if (LONGS.has(field.type)) return 'string';
  if (NUMBERS.has(field.type)) return 'number';
  if (field.type === 'bool') return 'boolean';
  if (field.type === 'string') return 'string';
  if (field.type === 'bytes') return 'Buffer';
  throw new Error(`unknown field type ${field.type} of ${fullName(field)}`);
}

function initValue(field, from) {
  const t = field.resolvedType;
  if (t instanceof protobuf.Type) return ref(t, from, 'Init');
  if (t instanceof protobuf.Enum) return `${ref(t, from)} | number`;
  if (LONGS.has(field.type)) return 'number | string';
  if (field.type === 'bytes') return 'Uint8Array | string';
  return decodedValue(field, from);
}

function decodedType(type, from) {
  const lines = [];
  for (const field of type.fieldsArray) {
    const value = decodedValue(field, from);
    if (field.map) lines.push(`  ${key(field.name)}: Record<string, ${value}>;`);
    else if (field.repeated) lines.push(`  ${key(field.name)}: ${wrap(value)}[];`);
    else if (field.partOf) lines.push(`  ${key(field.name)}?: ${value};`);
    else if (field.resolvedType instanceof protobuf.Type)
      lines.push(`  ${key(field.name)}: ${value} | null;`);
    else lines.push(`  ${key(field.name)}: ${value};`);
  }
  for (const oneof of type.oneofsArray) {
    lines.push(`  ${key(oneof.name)}?: ${oneof.oneof.map((n) => JSON.stringify(n)).join(' | ')};`);
  }
  return lines.length
    ? `export interface ${localName(type)} {\n${lines.join('\n')}\n}`
    : `export type ${localName(type)} = Record<string, never>;`;
}

function initType(type, from) {
  const lines = type.fieldsArray.map((field) => {
    const value = initValue(field, from);
    if (field.map) return `  ${key(field.name)}?: Record<string, ${value}>;`;
    if (field.repeated) return `  ${key(field.name)}?: readonly ${wrap(value)}[];`;
    if (field.resolvedType instanceof protobuf.Type) return `  ${key(field.name)}?: ${value} | null;`;
    return `  ${key(field.name)}?: ${value};`;
  });
  return lines.length
    ? `export interface ${localName(type)}Init {\n${lines.join('\n')}\n}`
    : `export type ${localName(type)}Init = Record<string, never>;`;
}

const wrap = (t) => (t.includes(' ') ? `(${t})` : t);

function enumType(e) {
  const names = Object.keys(e.values).map((n) => JSON.stringify(n));
  return `export type ${localName(e)} = ${names.join(' | ')};`;
}

// One file per package.
const files = new Map();
const entry = (pkg) => {
  let f = files.get(pkg);
  if (!f) files.set(pkg, (f = { decls: [], imports: new Set() }));
  return f;
};
const byName = (a, b) => (fullName(a) < fullName(b) ? -1 : 1);
const usesOf = (type) => type.fieldsArray.flatMap((f) => (f.resolvedType ? [packageOf(f.resolvedType)] : []));
for (const e of [...enums].sort(byName))
  entry(packageOf(e)).decls.push({ name: fullName(e), text: enumType(e) });
for (const t of [...decoded].sort(byName)) {
  const f = entry(packageOf(t));
  f.decls.push({ name: fullName(t), text: decodedType(t, packageOf(t)) });
  for (const p of usesOf(t)) f.imports.add(p);
}
for (const t of [...inits].sort(byName)) {
  const f = entry(packageOf(t));
  f.decls.push({ name: `${fullName(t)}Init`, text: initType(t, packageOf(t)) });
  for (const p of usesOf(t)) f.imports.add(p);
}

const HEADER =
  '// Generated by scripts/gen-api-types.mjs from src/gen/api-descriptor.json (proto/). Do not edit.\n';

function importLine(fromFile, pkg) {
  let path = relative(dirname(fromFile), fileOf(pkg)).replace(/\.ts$/, '');
  if (!path.startsWith('.')) path = `./${path}`;
  return `import type * as ${alias(pkg)} from '${path}';`;
}

rmSync(outDir, { recursive: true, force: true });
const written = [];
function write(file, text) {
  const path = join(outDir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  written.push(file);
}

const seen = new Set();
for (const [pkg, f] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const file = fileOf(pkg);
  const imports = [...f.imports]
    .filter((p) => p !== pkg)
    .sort()
    .map((p) => importLine(file, p));
  const decls = f.decls.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const d of decls) {
    const name = `${pkg}.${d.text.match(/^export (?:interface|type) (\w+)/)[1]}`;
    if (seen.has(name)) throw new Error(`two types would be named ${name}`);
    seen.add(name);
  }
  write(
    file,
    `${HEADER}${imports.length ? `${imports.join('\n')}\n` : ''}\n${decls.map((d) => d.text).join('\n\n')}\n`,
  );
}

// The services: each method as a handler type, answers in the Init form.
const KINDS = {
  'false,false': 'UnaryHandler',
  'false,true': 'ServerStreamHandler',
  'true,false': 'ClientStreamHandler',
  'true,true': 'BidiStreamHandler',
};
const apiName = (svc) =>
  svc.name.endsWith('Service')
    ? `${svc.name}Api`
    : `${fullName(svc)
        .split('.')
        .map((p) => p[0].toUpperCase() + p.slice(1))
        .join('')}Api`;
const servicePackages = new Set();
const kindsUsed = new Set();
const interfaces = services.map((svc) => {
  const methods = svc.methodsArray.map((m) => {
    const kind = KINDS[`${m.requestStream === true},${m.responseStream === true}`];
    kindsUsed.add(kind);
    for (const t of [m.resolvedRequestType, m.resolvedResponseType]) servicePackages.add(packageOf(t));
    const req = `${alias(packageOf(m.resolvedRequestType))}.${localName(m.resolvedRequestType)}`;
    const res = `${alias(packageOf(m.resolvedResponseType))}.${localName(m.resolvedResponseType)}Init`;
    return `  /** /${fullName(svc)}/${m.name} */\n  ${m.name}: ${kind}<${req}, ${res}>;`;
  });
  return `export interface ${apiName(svc)} {\n${methods.join('\n')}\n}`;
});
// The files are always read from src/gen/api/, next to src/grpc/.
const servicesFile = 'services.ts';
write(
  servicesFile,
  `${HEADER}import type { ${[...kindsUsed].sort().join(', ')} } from '../../grpc/handler';\n${[
    ...servicePackages,
  ]
    .sort()
    .map((p) => importLine(servicesFile, p))
    .join(
      '\n',
    )}\n\n${interfaces.join('\n\n')}\n\n/** The implemented services by full name. */\nexport interface ApiServices {\n${services
    .map((svc) => `  ${JSON.stringify(fullName(svc))}: ${apiName(svc)};`)
    .join('\n')}\n}\n`,
);

console.log(
  `gen-api-types: ${services.length} services, ${decoded.size} decoded and ${inits.size} Init messages, ${enums.size} enums in ${written.length} files under ${relative(process.cwd(), outDir)}`,
);
