// The Talos API at run time: every method's path and streaming flags from the JSON descriptor
// (src/gen/api-descriptor.json, generated from proto/), and message codecs built on first use.
// Start-up parses JSON only; types are resolved when a method is first called.
import protobuf from 'protobufjs';
import descriptor from '../gen/api-descriptor.json';
import type { MethodInfo } from './backend';
import { jsonMethods, LazyRoot } from './lazy-root';

/** How decoded messages look to method implementations (as the generated types in src/gen/api/ say). */
export const TO_OBJECT_OPTIONS: protobuf.IConversionOptions = {
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

interface Codec {
  encode(value: unknown): Buffer;
  decode(bytes: Buffer): unknown;
}

export class ApiSchema {
  private readonly types: LazyRoot;
  private readonly codecs = new Map<string, Codec>();
  readonly methods: readonly MethodInfo[];

  constructor(json: Record<string, unknown> = descriptor) {
    this.types = new LazyRoot(json);
    this.methods = jsonMethods(json)
      .map((m): MethodInfo => {
        const request = (): Codec => this.codec(m.requestType);
        const response = (): Codec => this.codec(m.responseType);
        return {
          path: `/${m.service}/${m.name}`,
          service: m.service,
          method: m.name,
          requestStream: m.requestStream,
          responseStream: m.responseStream,
          requestSerialize: (v) => request().encode(v),
          requestDeserialize: (b) => request().decode(b),
          responseSerialize: (v) => response().encode(v),
          responseDeserialize: (b) => response().decode(b),
        };
      })
      .sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  /** Encoder and decoder for a message type, by full name (leading dot optional). */
  codec(typeName: string): Codec {
    let c = this.codecs.get(typeName);
    if (!c) {
      const type = this.types.lookupType(typeName);
      c = {
        encode: (value) =>
          Buffer.from(type.encode(type.fromObject(value as Record<string, unknown>)).finish()),
        decode: (bytes) => type.toObject(type.decode(bytes), TO_OBJECT_OPTIONS),
      };
      this.codecs.set(typeName, c);
    }
    return c;
  }

  encode(typeName: string, value: Record<string, unknown>): Uint8Array {
    return this.codec(typeName).encode(value);
  }
}

let shared: ApiSchema | undefined;

/** The API schema of this build, loaded once per process. */
export function apiSchema(): ApiSchema {
  shared ??= new ApiSchema();
  return shared;
}
