// The single place that loads the Talos v1.13 gRPC API (the proto/ tree) at run time.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as protoLoader from '@grpc/proto-loader';
import type { Options, PackageDefinition, ServiceDefinition } from '@grpc/proto-loader';

/** Loader options shared by the run-time loader and scripts/gen-types.sh (keep them in sync). */
export const PROTO_LOAD_OPTIONS = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
} as const satisfies Options;

/** Serializers of a dynamically loaded method: they accept any plain object (protobufjs `fromObject`). */
export type Serialize = (value: unknown) => Buffer;
export type Deserialize = (bytes: Buffer) => unknown;

export interface ApiMethod {
  /** gRPC path, e.g. '/machine.MachineService/Version'. */
  path: string;
  /** Fully qualified service name, e.g. 'machine.MachineService'. */
  service: string;
  method: string;
  requestStream: boolean;
  responseStream: boolean;
  requestSerialize: Serialize;
  requestDeserialize: Deserialize;
  responseSerialize: Serialize;
  responseDeserialize: Deserialize;
}

/** Locates proto/: $TALOS_TS_PROTO_DIR, else <repo>/proto seen from dist/ (bundled) or src/grpc/ (sources). */
export function findProtoDir(): string {
  const override = process.env['TALOS_TS_PROTO_DIR'];
  if (override) return resolve(override);
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '..', 'proto'), resolve(here, '..', '..', 'proto')];
  const found = candidates.find((dir) => existsSync(join(dir, 'common', 'common.proto')));
  if (!found)
    throw new Error(`proto directory not found (tried ${candidates.join(', ')}); set TALOS_TS_PROTO_DIR`);
  return found;
}

function listProtoFiles(root: string, dir: string = root): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) return listProtoFiles(root, full);
      return entry.isFile() && entry.name.endsWith('.proto') ? [relative(root, full)] : [];
    })
    .sort();
}

const cache = new Map<string, PackageDefinition>();

/** Loads (once per directory) every .proto file under the proto directory. Synchronous. */
export function loadApiDefinition(protoDir: string = findProtoDir()): PackageDefinition {
  const dir = resolve(protoDir);
  let def = cache.get(dir);
  if (!def) {
    const files = listProtoFiles(dir);
    if (files.length === 0) throw new Error(`no .proto files under ${dir}`);
    def = protoLoader.loadSync(files, { ...PROTO_LOAD_OPTIONS, includeDirs: [dir] });
    cache.set(dir, def);
  }
  return def;
}

function isServiceDefinition(value: PackageDefinition[string]): value is ServiceDefinition {
  return !('format' in value && typeof value.format === 'string');
}

/** Every method of every service in the package definition. */
export function listMethods(def: PackageDefinition): ApiMethod[] {
  const methods: ApiMethod[] = [];
  for (const [service, value] of Object.entries(def)) {
    if (!isServiceDefinition(value)) continue;
    for (const [method, m] of Object.entries(value)) {
      methods.push({
        path: m.path,
        service,
        method,
        requestStream: m.requestStream,
        responseStream: m.responseStream,
        requestSerialize: m.requestSerialize as Serialize,
        requestDeserialize: m.requestDeserialize,
        responseSerialize: m.responseSerialize as Serialize,
        responseDeserialize: m.responseDeserialize,
      });
    }
  }
  return methods;
}
