// A KMS server for tests, speaking the sidero.kms.KMSService API on loopback (plain gRPC, as
// `grpc://127.0.0.1:PORT`): Seal encrypts with AES-256-GCM under its own master key, the node UUID
// bound in as associated data, so only the same server and the same node can Unseal. It counts calls
// and can be told to refuse, so tests see both paths.
import * as grpc from '@grpc/grpc-js';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import protobuf from 'protobufjs/minimal';

export interface TestKmsServer {
  readonly endpoint: string;
  readonly calls: { seal: number; unseal: number };
  /** While set, every call fails with UNAVAILABLE. */
  refuse: boolean;
  stop(): Promise<void>;
}

interface KmsRequest {
  readonly uuid: string;
  readonly data: Buffer;
}

function decodeRequest(b: Buffer): KmsRequest {
  const r = protobuf.Reader.create(b);
  let uuid = '';
  let data = Buffer.alloc(0);
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag === 10) uuid = r.string();
    else if (tag === 18) data = Buffer.from(r.bytes());
    else r.skipType(tag & 7);
  }
  return { uuid, data };
}

const encodeResponse = (data: Buffer): Buffer =>
  Buffer.from(protobuf.Writer.create().uint32(10).bytes(data).finish());

/** Starts the server on 127.0.0.1 (a free port); `masterKey` lets a restarted server unseal again. */
export async function startTestKms(masterKey: Buffer = randomBytes(32)): Promise<TestKmsServer> {
  const server = new grpc.Server();
  const state = { refuse: false, calls: { seal: 0, unseal: 0 } };
  type Call = grpc.ServerUnaryCall<KmsRequest, Buffer>;
  const handler =
    (op: (uuid: string, data: Buffer) => Buffer, name: 'seal' | 'unseal') =>
    (call: Call, cb: grpc.sendUnaryData<Buffer>) => {
      state.calls[name]++;
      if (state.refuse) return cb({ code: grpc.status.UNAVAILABLE, details: 'test KMS is refusing' });
      const { uuid, data } = call.request;
      if (uuid === '') return cb({ code: grpc.status.INVALID_ARGUMENT, details: 'node uuid is empty' });
      try {
        cb(null, op(uuid, data));
      } catch {
        cb({ code: grpc.status.INVALID_ARGUMENT, details: 'failed to unseal: data or node does not match' });
      }
    };
  const seal = (uuid: string, data: Buffer): Buffer => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', masterKey, iv).setAAD(Buffer.from(uuid));
    const body = Buffer.concat([c.update(data), c.final()]);
    return encodeResponse(Buffer.concat([iv, body, c.getAuthTag()]));
  };
  const unseal = (uuid: string, data: Buffer): Buffer => {
    const d = createDecipheriv('aes-256-gcm', masterKey, data.subarray(0, 12)).setAAD(Buffer.from(uuid));
    d.setAuthTag(data.subarray(data.length - 16));
    return encodeResponse(Buffer.concat([d.update(data.subarray(12, data.length - 16)), d.final()]));
  };
  const method = (path: string): grpc.MethodDefinition<KmsRequest, Buffer> => ({
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: (r: KmsRequest) => r.data,
    requestDeserialize: decodeRequest,
    responseSerialize: (b: Buffer) => b,
    responseDeserialize: (b: Buffer) => b,
  });
  server.addService(
    { Seal: method('/sidero.kms.KMSService/Seal'), Unseal: method('/sidero.kms.KMSService/Unseal') },
    {
      Seal: handler((u, d) => seal(u, d), 'seal'),
      Unseal: handler((u, d) => unseal(u, d), 'unseal'),
    },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  return {
    endpoint: `grpc://127.0.0.1:${port}`,
    calls: state.calls,
    get refuse() {
      return state.refuse;
    },
    set refuse(v: boolean) {
      state.refuse = v;
    },
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
