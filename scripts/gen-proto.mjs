#!/usr/bin/env node
// Generates the proto/ tree from the reference wire facts (talos-v1.13-api-wire.json).
//
// Usage: node scripts/gen-proto.mjs [path/to/talos-v1.13-api-wire.json]
// Default input: <repo>/../shared/reference/talos-v1.13-api-wire.json
// Output: <repo>/proto/<key of each JSON entry>, e.g. proto/machine/machine.proto.
//
// The Well-Known Types (google/protobuf/*.proto) are not written: protobufjs bundles them and
// scripts/gen-descriptor.mjs resolves them from there.

import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const input = resolve(
  process.argv[2] ?? join(repoRoot, '..', 'shared', 'reference', 'talos-v1.13-api-wire.json'),
);
const outRoot = join(repoRoot, 'proto');

const SCALARS = new Set([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

/** A type reference: scalars as is, messages/enums fully qualified with a leading dot. */
function typeRef(name) {
  return SCALARS.has(name) ? name : `.${name}`;
}

function fieldType(field) {
  if (field.type === 'message' || field.type === 'enum') {
    if (!field.type_name) throw new Error(`field ${field.name}: ${field.type} without type_name`);
    return typeRef(field.type_name);
  }
  if (!SCALARS.has(field.type)) throw new Error(`field ${field.name}: unknown type ${field.type}`);
  return field.type;
}

function renderField(field, ind) {
  if (field.map) {
    return `${ind}map<${field.map.key}, ${typeRef(field.map.value)}> ${field.name} = ${field.number};`;
  }
  const label = field.repeated ? 'repeated ' : field.optional ? 'optional ' : '';
  return `${ind}${label}${fieldType(field)} ${field.name} = ${field.number};`;
}

function renderEnum(shortName, values, ind) {
  const nums = Object.values(values);
  const lines = [`${ind}enum ${shortName} {`];
  if (new Set(nums).size !== nums.length) lines.push(`${ind}  option allow_alias = true;`);
  for (const [name, num] of Object.entries(values)) lines.push(`${ind}  ${name} = ${num};`);
  lines.push(`${ind}}`);
  return lines;
}

/** Builds the tree of nested declarations (messages and enums) of one file. */
function buildTree(pkg, messages, enums) {
  const root = { children: new Map() };
  const nodes = new Map();
  const strip = (full) => {
    if (!full.startsWith(`${pkg}.`)) throw new Error(`${full} is outside package ${pkg}`);
    return full.slice(pkg.length + 1);
  };
  const parentOf = (rel) => {
    const i = rel.lastIndexOf('.');
    if (i < 0) return root;
    const parent = nodes.get(rel.slice(0, i));
    if (!parent || parent.kind !== 'message') throw new Error(`parent of ${rel} is not a message`);
    return parent;
  };
  const entries = [
    ...Object.entries(messages).map(([full, fields]) => ({ kind: 'message', rel: strip(full), fields })),
    ...Object.entries(enums).map(([full, values]) => ({ kind: 'enum', rel: strip(full), values })),
  ];
  for (const e of entries) {
    const node = { ...e, short: e.rel.split('.').pop(), children: new Map() };
    nodes.set(e.rel, node);
  }
  // Attach every node to its parent, in reference order (messages first, then enums).
  for (const e of [...Object.keys(messages), ...Object.keys(enums)]) {
    const rel = strip(e);
    parentOf(rel).children.set(rel, nodes.get(rel));
  }
  return root;
}

function renderMessage(node, ind) {
  const lines = [`${ind}message ${node.short} {`];
  const inner = `${ind}  `;
  const children = [...node.children.values()];
  for (const child of children.filter((c) => c.kind === 'enum'))
    lines.push(...renderEnum(child.short, child.values, inner));
  for (const child of children.filter((c) => c.kind === 'message'))
    lines.push(...renderMessage(child, inner));
  // Plain fields and oneofs in reference order; a oneof is emitted where its first member appears.
  const emittedOneofs = new Set();
  for (const field of node.fields) {
    if (field.oneof) {
      if (emittedOneofs.has(field.oneof)) continue;
      emittedOneofs.add(field.oneof);
      lines.push(`${inner}oneof ${field.oneof} {`);
      for (const member of node.fields.filter((f) => f.oneof === field.oneof)) {
        if (member.repeated || member.map || member.optional)
          throw new Error(`oneof member ${member.name} has a label`);
        lines.push(renderField(member, `${inner}  `));
      }
      lines.push(`${inner}}`);
    } else {
      lines.push(renderField(field, inner));
    }
  }
  lines.push(`${ind}}`);
  return lines;
}

function renderService(name, pkg, methods) {
  const short = name.slice(pkg.length + 1);
  const lines = [`service ${short} {`];
  for (const m of methods) {
    const req = `${m.client_streaming ? 'stream ' : ''}${typeRef(m.request)}`;
    const res = `${m.server_streaming ? 'stream ' : ''}${typeRef(m.response)}`;
    lines.push(`  rpc ${m.method}(${req}) returns (${res});`);
  }
  lines.push('}');
  return lines;
}

function renderFile(key, entry) {
  const out = [
    `// Code generated by scripts/gen-proto.mjs from the reference facts (talos-v1.13-api-wire.json, ${key}).`,
    '// DO NOT EDIT: change the generator or the reference and regenerate.',
    '',
    'syntax = "proto3";',
    '',
    `package ${entry.package};`,
    '',
  ];
  if (entry.imports.length > 0) {
    for (const imp of entry.imports) out.push(`import "${imp}";`);
    out.push('');
  }
  for (const [name, methods] of Object.entries(entry.services)) {
    out.push(...renderService(name, entry.package, methods), '');
  }
  const tree = buildTree(entry.package, entry.messages, entry.enums);
  for (const node of tree.children.values()) {
    out.push(
      ...(node.kind === 'message' ? renderMessage(node, '') : renderEnum(node.short, node.values, '')),
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const reference = JSON.parse(readFileSync(input, 'utf8'));
let count = 0;
for (const [key, entry] of Object.entries(reference)) {
  if (!key.endsWith('.proto') || key.includes('..')) throw new Error(`unexpected key ${key}`);
  const target = join(outRoot, key);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, renderFile(key, entry));
  count++;
}

// Remove generated files the reference no longer has (google/protobuf/ is never generated here).
function listProtoFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? listProtoFiles(join(dir, e.name))
      : e.name.endsWith('.proto')
        ? [join(dir, e.name)]
        : [],
  );
}
for (const file of listProtoFiles(outRoot)) {
  const key = relative(outRoot, file);
  if (!(key in reference) && !key.startsWith('google/protobuf/')) {
    rmSync(file);
    console.log(`gen-proto: removed stale ${key}`);
  }
}
console.log(`gen-proto: wrote ${count} files under ${outRoot}`);
