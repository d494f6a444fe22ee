// ApiServer.stop while a unary call is being answered, as apid's switch from maintenance to configured
// stops the maintenance listener while the insecure ApplyConfiguration that caused it is answered. The
// client reads the answer slowly (as one on a loaded machine does): the whole answer and its status
// must still reach it, not a connection closed after the GOAWAY.
import { connect, constants, type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend, MethodInfo } from '../../../src/grpc/backend';
import { ApiServer } from '../../../src/grpc/api-server';
import { generateCA, issueCertificate, toNodeKeyPem } from '../../../src/pki';

const HOST = '127.0.0.37';
const PATH = '/machine.MachineService/ApplyConfiguration';
/** Far larger than the client's flow-control windows: the answer leaves only as fast as it is read. */
const ANSWER_BYTES = 1024 * 1024;
/** How long the client leaves the answer unread: well above a fixed flush delay, well below the grace. */
const PAUSE_MS = 800;

const method: MethodInfo = {
  path: PATH,
  service: 'machine.MachineService',
  method: 'ApplyConfiguration',
  requestStream: false,
  responseStream: false,
  requestSerialize: (v) => v as Buffer,
  requestDeserialize: (b) => b,
  responseSerialize: (v) => v as Buffer,
  responseDeserialize: (b) => b,
};

interface Answer {
  readonly body: Buffer;
  readonly grpcStatus: string | undefined;
}

/** One unary call over a raw HTTP/2 client that pauses reading the answer for PAUSE_MS. */
function slowCall(port: number, caPem: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const session = connect(`https://${HOST}:${port}`, {
      ca: caPem,
      servername: 'localhost',
      settings: { initialWindowSize: 16 * 1024 },
    });
    session.on('error', reject);
    const stream: ClientHttp2Stream = session.request({
      [constants.HTTP2_HEADER_METHOD]: 'POST',
      [constants.HTTP2_HEADER_PATH]: PATH,
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    const chunks: Buffer[] = [];
    let grpcStatus: string | undefined;
    stream.on('response', (headers) => {
      grpcStatus ??= headers['grpc-status'] as string | undefined;
      stream.pause();
      setTimeout(() => stream.resume(), PAUSE_MS);
    });
    stream.on('trailers', (trailers: IncomingHttpHeaders) => {
      grpcStatus = trailers['grpc-status'] as string | undefined;
    });
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', reject);
    stream.on('close', () => {
      session.close();
      if (stream.rstCode !== constants.NGHTTP2_NO_ERROR)
        reject(new Error(`stream reset with code ${stream.rstCode}`));
      else resolve({ body: Buffer.concat(chunks), grpcStatus });
    });
    // an empty request message: no compression, length 0
    stream.end(Buffer.alloc(5));
  });
}

describe('ApiServer.stop during an answer', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.stop(100);
  });

  it('lets a unary answer in flight reach a slow reader before it closes the connection', async () => {
    const ca = await generateCA({ organizations: ['talos'] });
    const srv = await issueCertificate(ca, { dnsNames: ['localhost'], extKeyUsage: 'server' });
    let stopped: Promise<void> | undefined;
    const answer = Buffer.alloc(ANSWER_BYTES, 7);
    const s = new ApiServer({
      methods: [method],
      authenticate: () => new Set(),
      authorize: () => true,
      route: () =>
        ({
          unary: () => {
            // the call itself makes the server stop (the switch its success causes), then answers
            stopped = s.stop();
            return Promise.resolve(answer);
          },
        }) as unknown as Backend,
    });
    server = s;
    const { port } = await s.listenTLS(`${HOST}:0`, {
      certPem: srv.certPem,
      keyPem: toNodeKeyPem(srv.keyPem),
      requireClientCert: false,
    });
    const got = await slowCall(port, ca.certPem);
    expect(got.grpcStatus).toBe('0');
    // gRPC framing: not compressed, the length, then the message
    expect(got.body.length).toBe(5 + ANSWER_BYTES);
    expect(got.body.readUInt32BE(1)).toBe(ANSWER_BYTES);
    expect(got.body.subarray(5).equals(answer)).toBe(true);
    await stopped;
  });
});
