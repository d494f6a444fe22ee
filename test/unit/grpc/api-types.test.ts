// The handler types of src/gen/api/ (scripts/gen-api-types.mjs): written from the current descriptor,
// and saying of every decoded message what the run-time decoder really gives a handler — which fields
// are always there, which are absent until set, and what kind of value each holds.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { TO_OBJECT_OPTIONS } from '../../../src/grpc/api-schema';
import descriptor from '../../../src/gen/api-descriptor.json';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const GEN = join(REPO, 'src', 'gen', 'api');

function files(dir: string, top = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), top) : [relative(top, join(dir, e.name))]))
    .sort();
}

interface Field {
  readonly name: string;
  readonly optional: boolean;
  readonly type: string;
}

/** The decoded-form interfaces of one generated file (the `…Init` ones are the answers' form). */
function decodedInterfaces(file: string): Map<string, Field[]> {
  const out = new Map<string, Field[]>();
  const text = readFileSync(join(GEN, file), 'utf8');
  for (const m of text.matchAll(/^export interface (\w+) \{\n([\s\S]*?)\n\}/gm)) {
    const name = m[1]!;
    if (name.endsWith('Init') || file === 'services.ts') continue;
    const fields = m[2]!.split('\n').map((line) => {
      const f = /^ {2}(\w+)(\?)?: (.*);$/.exec(line);
      if (!f) throw new Error(`${file} ${name}: unexpected line ${line}`);
      return { name: f[1]!, optional: f[2] === '?', type: f[3]! };
    });
    out.set(name, fields);
  }
  return out;
}

/** The protobuf type of a generated interface: package from the file, nested names joined by `_`. */
function protoType(root: protobuf.Root, file: string, name: string): protobuf.Type {
  const pkg = file.replace(/\.ts$/, '').replaceAll('/', '.');
  const parts = name.split('_');
  for (let i = parts.length; i > 0; i--) {
    const candidate = [pkg, parts.slice(0, i).join('_'), ...parts.slice(i)].join('.');
    const t = root.lookup(candidate);
    if (t instanceof protobuf.Type) return t;
  }
  throw new Error(`no protobuf type for ${pkg}.${name}`);
}

/** Does a decoded value have the kind the generated type names? */
function kindMatches(type: string, value: unknown): boolean {
  if (type.endsWith(' | null')) return value === null;
  if (type.endsWith('[]')) return Array.isArray(value) && value.length === 0;
  if (type.startsWith('Record<'))
    return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
  if (type === 'string') return value === '' || value === '0'; // a 64-bit integer's default is "0"
  if (type === 'number') return value === 0;
  if (type === 'boolean') return value === false;
  if (type === 'Buffer') return Buffer.isBuffer(value) && value.length === 0;
  // An enum: its first value's name.
  return typeof value === 'string' && /^[A-Z0-9_]+$/.test(value);
}

describe('src/gen/api (handler types)', () => {
  it('is what scripts/gen-api-types.mjs writes from the current descriptor', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'api-types-')), 'api');
    execFileSync(process.execPath, [
      join(REPO, 'scripts', 'gen-api-types.mjs'),
      join(REPO, 'src', 'gen', 'api-descriptor.json'),
      out,
    ]);
    expect(files(out)).toEqual(files(GEN));
    for (const f of files(GEN))
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(GEN, f), 'utf8'));
  });

  it('types each decoded message as the decoder gives it to a handler', () => {
    const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
    let checked = 0;
    for (const file of files(GEN)) {
      for (const [name, fields] of decodedInterfaces(file)) {
        const type = protoType(root, file, name);
        const decoded = type.toObject(type.decode(new Uint8Array()), TO_OBJECT_OPTIONS);
        const present = fields.filter((f) => !f.optional).map((f) => f.name);
        expect({ message: type.fullName, keys: Object.keys(decoded).sort() }).toEqual({
          message: type.fullName,
          keys: present.sort(),
        });
        for (const f of fields.filter((x) => !x.optional)) {
          expect({
            field: `${type.fullName}.${f.name}`,
            type: f.type,
            ok: kindMatches(f.type, decoded[f.name]),
          }).toEqual({
            field: `${type.fullName}.${f.name}`,
            type: f.type,
            ok: true,
          });
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('names the member set in a oneof, and 64-bit integers as decimal strings', () => {
    const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
    const watch = root.lookupType('cosi.resource.WatchRequest');
    const set = watch.toObject(
      watch.decode(watch.encode(watch.fromObject({ id: 'x' })).finish()),
      TO_OBJECT_OPTIONS,
    );
    expect(set).toMatchObject({ id: 'x', _id: 'id' });
    const remove = root.lookupType('machine.EtcdRemoveMemberByIDRequest');
    const big = '18446744073709551615';
    const decoded = remove.toObject(
      remove.decode(remove.encode(remove.fromObject({ member_id: big })).finish()),
      TO_OBJECT_OPTIONS,
    );
    expect(decoded).toEqual({ member_id: big });
  });
});
