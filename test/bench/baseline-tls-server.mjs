// Baseline for start-up: a bare Node TLS server that listens and prints nothing else.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:tls';

const [host, certFile, keyFile] = process.argv.slice(2);
const server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (s) => s.end());
server.listen(50000, host);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
