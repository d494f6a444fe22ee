// Drift test: the committed proto/ tree must match the Talos v1.13 wire facts field by field.
//
// The reference is read from ../shared/reference/ beside the clone; the test fails when it is missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { ApiSchema } from '../../../src/grpc/api-schema';
import { readReference } from '../../harness/reference';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PROTO_DIR = resolve(process.env['TALOS_TS_PROTO_DIR'] ?? join(REPO, 'proto'));
const WIRE_FILE = 'talos-v1.13-api-wire.json';
const WKT_PREFIX = 'google/protobuf/';

interface RefField {
  name: string;
  number: number;
  type?: string;
  type_name?: string;
  repeated?: boolean;
  optional?: boolean;
  oneof?: string;
  map?: { key: string; value: string };
}
interface RefMethod {
  method: string;
  request: string;
  response: string;
  client_streaming?: boolean;
  server_streaming?: boolean;
}
interface RefFile {
  package: string;
  imports: string[];
  services: Record<string, RefMethod[]>;
  messages: Record<string, RefField[]>;
  enums: Record<string, Record<string, number>>;
}
type Reference = Record<string, RefFile>;

const reference = JSON.parse(readReference(WIRE_FILE)) as Reference;

function listProtoFiles(dir: string = PROTO_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return listProtoFiles(full);
    return e.name.endsWith('.proto') ? [relative(PROTO_DIR, full)] : [];
  });
}

/** Loads the committed proto files with protobufjs; Well-Known Types come from protobufjs's bundled copies. */
function loadRoot(files: string[]): protobuf.Root {
  if (!(`${WKT_PREFIX}descriptor.proto` in protobuf.common)) {
    const require = createRequire(import.meta.url);
    const json = require('protobufjs/google/protobuf/descriptor.json') as {
      nested: { google: { nested: { protobuf: { nested: Record<string, protobuf.AnyNestedObject> } } } };
    };
    protobuf.common('descriptor', json.nested.google.nested.protobuf.nested);
  }
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith(WKT_PREFIX) ? target : join(PROTO_DIR, target));
  root.loadSync(files, { keepCase: true });
  root.resolveAll();
  return root;
}

const strip = (fullName: string): string => fullName.replace(/^\./, '');

function walk(ns: protobuf.NamespaceBase, out: protobuf.ReflectionObject[] = []): protobuf.ReflectionObject[] {
  for (const obj of ns.nestedArray) {
    out.push(obj);
    if (obj instanceof protobuf.Namespace || obj instanceof protobuf.Type) walk(obj, out);
  }
  return out;
}

/** Renders a protobufjs field in the reference's shape (absent keys rather than false). */
function describeField(field: protobuf.Field): RefField {
  const out: RefField = { name: field.name, number: field.id };
  const resolved = field.resolvedType;
  const typeName = resolved ? strip(resolved.fullName) : field.type;
  if (field instanceof protobuf.MapField) {
    out.map = { key: field.keyType, value: typeName };
    return out;
  }
  out.type = resolved instanceof protobuf.Enum ? 'enum' : resolved instanceof protobuf.Type ? 'message' : field.type;
  if (resolved) out.type_name = typeName;
  if (field.repeated) out.repeated = true;
  const proto3Optional = field.options?.['proto3_optional'] === true;
  if (proto3Optional) out.optional = true;
  if (field.partOf && !proto3Optional) out.oneof = field.partOf.name;
  return out;
}

function normalizeRefField(f: RefField): RefField {
  const out: RefField = { name: f.name, number: f.number };
  if (f.map) {
    out.map = { key: f.map.key, value: f.map.value };
    return out;
  }
  if (f.type !== undefined) out.type = f.type;
  if (f.type_name !== undefined) out.type_name = f.type_name;
  if (f.repeated) out.repeated = true;
  if (f.optional) out.optional = true;
  if (f.oneof !== undefined) out.oneof = f.oneof;
  return out;
}

const byNumber = (a: RefField, b: RefField): number => a.number - b.number;

const files = listProtoFiles();
const root = loadRoot(files);
const objects = walk(root).filter((o) => !strip(o.fullName).startsWith('google.protobuf.'));
const types = new Map(objects.filter((o) => o instanceof protobuf.Type).map((t) => [strip(t.fullName), t]));
const enums = new Map(objects.filter((o) => o instanceof protobuf.Enum).map((e) => [strip(e.fullName), e]));
const services = new Map(objects.filter((o) => o instanceof protobuf.Service).map((s) => [strip(s.fullName), s]));

const refMessages = Object.entries(reference).flatMap(([file, f]) =>
  Object.entries(f.messages).map(([name, fields]) => ({ file, name, fields })),
);
const refEnums = Object.entries(reference).flatMap(([file, f]) =>
  Object.entries(f.enums).map(([name, values]) => ({ file, name, values })),
);
const refServices = Object.entries(reference).flatMap(([file, f]) =>
  Object.entries(f.services).map(([name, methods]) => ({ file, name, methods })),
);

describe('proto/ tree vs reference wire facts', () => {
  it('has exactly one .proto file per reference entry (plus nothing but Well-Known Types)', () => {
    const ours = files.filter((f) => !f.startsWith(WKT_PREFIX)).sort();
    expect(ours).toEqual(Object.keys(reference).sort());
  });

  it('uses the reference package and imports in every file', () => {
    for (const [file, ref] of Object.entries(reference)) {
      const parsed = protobuf.parse(readFileSync(join(PROTO_DIR, file), 'utf8'), { keepCase: true });
      expect({ file, package: parsed.package, imports: parsed.imports ?? [] }).toEqual({
        file,
        package: ref.package,
        imports: ref.imports,
      });
    }
  });

  it('defines every reference message with the same fields, and no other message', () => {
    expect([...types.keys()].sort()).toEqual(refMessages.map((m) => m.name).sort());
    for (const ref of refMessages) {
      const type = types.get(ref.name);
      expect(type, ref.name).toBeInstanceOf(protobuf.Type);
      if (!(type instanceof protobuf.Type)) continue;
      expect({ message: ref.name, file: type.filename && relative(PROTO_DIR, type.filename) }).toEqual({
        message: ref.name,
        file: ref.file,
      });
      expect({ message: ref.name, fields: type.fieldsArray.map(describeField).sort(byNumber) }).toEqual({
        message: ref.name,
        fields: ref.fields.map(normalizeRefField).sort(byNumber),
      });
      // Only real oneofs and the synthetic ones of proto3 `optional` fields.
      const refOneofs = new Set(ref.fields.flatMap((f) => (f.oneof ? [f.oneof] : [])));
      const refOptional = ref.fields.filter((f) => f.optional).map((f) => `_${f.name}`);
      expect({ message: ref.name, oneofs: type.oneofsArray.map((o) => o.name).sort() }).toEqual({
        message: ref.name,
        oneofs: [...refOneofs, ...refOptional].sort(),
      });
    }
  });

  it('defines every reference enum with the same values and numbers, and no other enum', () => {
    expect([...enums.keys()].sort()).toEqual(refEnums.map((e) => e.name).sort());
    for (const ref of refEnums) {
      const en = enums.get(ref.name);
      expect(en, ref.name).toBeInstanceOf(protobuf.Enum);
      if (!(en instanceof protobuf.Enum)) continue;
      expect({ enum: ref.name, file: en.filename && relative(PROTO_DIR, en.filename) }).toEqual({
        enum: ref.name,
        file: ref.file,
      });
      expect({ enum: ref.name, values: Object.entries(en.values) }).toEqual({
        enum: ref.name,
        values: Object.entries(ref.values),
      });
    }
  });

  it('defines every reference service with the same methods, types and streaming flags, and no other', () => {
    expect([...services.keys()].sort()).toEqual(refServices.map((s) => s.name).sort());
    for (const ref of refServices) {
      const svc = services.get(ref.name);
      expect(svc, ref.name).toBeInstanceOf(protobuf.Service);
      if (!(svc instanceof protobuf.Service)) continue;
      const actual = svc.methodsArray.map((m) => {
        const out: RefMethod = {
          method: m.name,
          request: strip(m.resolvedRequestType?.fullName ?? m.requestType),
          response: strip(m.resolvedResponseType?.fullName ?? m.responseType),
        };
        if (m.requestStream) out.client_streaming = true;
        if (m.responseStream) out.server_streaming = true;
        return out;
      });
      const expected = ref.methods.map((m) => {
        const out: RefMethod = { method: m.method, request: m.request, response: m.response };
        if (m.client_streaming) out.client_streaming = true;
        if (m.server_streaming) out.server_streaming = true;
        return out;
      });
      expect({ service: ref.name, methods: actual }).toEqual({ service: ref.name, methods: expected });
    }
  });
});

describe('ApiSchema (run-time loader from src/gen/api-descriptor.json)', () => {
  it('is generated from the current proto/ tree', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'descriptor-')), 'api-descriptor.json');
    execFileSync(process.execPath, [join(REPO, 'scripts', 'gen-descriptor.mjs'), PROTO_DIR, out]);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(REPO, 'src', 'gen', 'api-descriptor.json'), 'utf8'));
  });

  it('exposes every reference method with the right path and streaming flags', () => {
    const methods = new Map(new ApiSchema().methods.map((m) => [m.path, m]));
    const expected = refServices.flatMap((s) =>
      s.methods.map((m) => ({
        path: `/${s.name}/${m.method}`,
        service: s.name,
        method: m.method,
        requestStream: m.client_streaming === true,
        responseStream: m.server_streaming === true,
      })),
    );
    expect(methods.size).toBe(expected.length);
    for (const e of expected) {
      const m = methods.get(e.path);
      expect(m && { path: m.path, service: m.service, method: m.method, requestStream: m.requestStream, responseStream: m.responseStream }).toEqual(e);
    }
  });

  it("round-trips every method's request and response through the lazily built codecs", () => {
    const schema = new ApiSchema();
    for (const m of schema.methods) {
      expect(m.requestDeserialize(m.requestSerialize({}))).toBeTypeOf('object');
      expect(m.responseDeserialize(m.responseSerialize({}))).toBeTypeOf('object');
    }
    const version = schema.methods.find((m) => m.path === '/machine.MachineService/Version')!;
    const bytes = version.responseSerialize({ messages: [{ version: { tag: 'v1.13.9', arch: 'amd64' } }] });
    expect(version.responseDeserialize(bytes)).toMatchObject({ messages: [{ version: { tag: 'v1.13.9', arch: 'amd64' } }] });
  });
});
