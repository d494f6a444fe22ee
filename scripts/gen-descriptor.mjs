// Writes src/gen/api-descriptor.json: the whole proto/ tree as a protobufjs JSON descriptor.
// The agent loads the API from it (no .proto parsing at start-up, no proto files at run time).
import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import protobuf from 'protobufjs';

// common/common.proto imports descriptor.proto, which protobufjs bundles but does not register.
const require = createRequire(import.meta.url);
protobuf.common(
  'descriptor',
  require('protobufjs/google/protobuf/descriptor.json').nested.google.nested.protobuf.nested,
);

const protoDir = resolve(process.argv[2] ?? 'proto');
const out = resolve(process.argv[3] ?? 'src/gen/api-descriptor.json');

function list(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? list(join(dir, e.name)) : e.name.endsWith('.proto') ? [join(dir, e.name)] : [],
    )
    .sort();
}

const root = new protobuf.Root();
root.resolvePath = (origin, target) =>
  target.startsWith('google/protobuf/') ? target : join(protoDir, target);
root.loadSync(
  list(protoDir).map((f) => relative(protoDir, f)),
  { keepCase: true },
);
root.resolveAll();
writeFileSync(out, `${JSON.stringify(root.toJSON())}\n`);
console.log(`wrote ${relative(process.cwd(), out)}`);
