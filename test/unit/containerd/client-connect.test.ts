// The containerd client's connection is its own: a client made just after containerd came up connects,
// although another client of the same socket (a long-lived health check that tried while the socket was
// not there yet) is still waiting out its reconnect backoff. With grpc-js's shared subchannels the new
// client took over that failure and its call failed at once ("No connection established. Last error:
// null"), which is what broke DebugService.ContainerRun right after an image import.
import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { afterEach, describe, expect, it } from 'vitest';
import { ContainerdClient, ContainerdError } from '../../../src/containerd/client';

const identity = (b: Buffer): Buffer => b;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** An Images/Get answering an image record named as asked (field 1 of Image, field 1 of the answer). */
function imagesServer(): grpc.Server {
  const server = new grpc.Server();
  const method = {
    path: '/containerd.services.images.v1.Images/Get',
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  };
  server.addService(
    { Get: method },
    {
      Get: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
        const name = protobuf.Reader.create(call.request.subarray(0, call.request.length));
        name.uint32();
        const image = protobuf.Writer.create().uint32(10).string(name.string()).finish();
        cb(null, Buffer.from(protobuf.Writer.create().uint32(10).bytes(image).finish()));
      },
    },
  );
  return server;
}

describe('ContainerdClient connections', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanup.splice(0)) c();
  });

  it('a new client connects at once when containerd comes up, whatever another client of the socket went through', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctrd-connect-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const socket = join(dir, 'containerd.sock');
    // the health check's client: it tries before the socket is there and keeps backing off
    const early = new ContainerdClient(socket);
    cleanup.push(() => early.close());
    const refused = await early.health({ timeoutMs: 500 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ContainerdError);
    expect((refused as ContainerdError).code).toBe(grpc.status.UNAVAILABLE);
    await sleep(1500); // its backoff grows to the client's maximum (1 s)
    const server = imagesServer();
    cleanup.push(() => server.forceShutdown());
    await new Promise<void>((ok, ko) =>
      server.bindAsync(`unix:${socket}`, grpc.ServerCredentials.createInsecure(), (e) => (e ? ko(e) : ok())),
    );
    // right after containerd is up (as an image import through ctr has just shown)
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const client = new ContainerdClient(socket, 'system');
      try {
        answers.push((await client.getImage(`img-${i}`)).name);
      } finally {
        client.close();
      }
    }
    expect(answers).toEqual(['img-0', 'img-1', 'img-2', 'img-3', 'img-4']);
  });
});
