// The boot benchmark's baseline server: Node listening with TLS on port 50000, nothing else.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:tls';

const server = createServer(
  { cert: readFileSync('/baseline/cert.pem'), key: readFileSync('/baseline/key.pem') },
  (socket) => socket.end(),
);
server.listen(50000, '0.0.0.0', () => console.log('baseline: listening on :50000'));
