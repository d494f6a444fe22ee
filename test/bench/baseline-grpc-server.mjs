// Baseline for throughput: a bare grpc-js server answering machine.MachineService/Version with
// the same message, the same TLS (server certificate, client certificates required) and the same
// protobuf encoding (protobufjs from the same descriptor), and nothing else.
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';

const [host, certFile, keyFile, caFile] = process.argv.slice(2);
const root = protobuf.Root.fromJSON(
  JSON.parse(readFileSync(new URL('../../src/gen/api-descriptor.json', import.meta.url), 'utf8')),
);
const res = root.lookupType('machine.VersionResponse');
const answer = {
  messages: [
    {
      version: {
        tag: 'v1.13.9',
        sha: 'baseline',
        built: '',
        go_version: `node${process.versions.node}`,
        os: 'linux',
        arch: 'amd64',
      },
      platform: { name: 'container', mode: 'container' },
      features: { rbac: true },
    },
  ],
};
const server = new grpc.Server();
server.register(
  '/machine.MachineService/Version',
  (call, cb) => cb(null, answer),
  (v) => Buffer.from(res.encode(res.fromObject(v)).finish()),
  (b) => root.lookupType('google.protobuf.Empty').decode(b),
  'unary',
);
const creds = grpc.ServerCredentials.createSsl(
  readFileSync(caFile),
  [{ cert_chain: readFileSync(certFile), private_key: readFileSync(keyFile) }],
  true,
);
server.bindAsync(`${host}:50000`, creds, (err) => {
  if (err) throw err;
  process.stdout.write('ready\n');
});
process.on('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
