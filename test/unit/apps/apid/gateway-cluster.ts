// A small cluster of real apid instances (the Apid class, as machined wires it) on loopback
// addresses and random ports, each with a fake local machined: control planes have an
// `os:impersonator` client certificate and forward, workers have none. Clients connect with
// certificates from the same OS CA.
import { setMaxListeners } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { Apid } from '../../../../src/apps/apid/apid';
import { apiSchema } from '../../../../src/grpc/api-schema';
import { ApiError } from '../../../../src/grpc/errors';
import { implement, type CallContext, type Implementation } from '../../../../src/grpc/handler';
import { LocalBackend } from '../../../../src/grpc/local-backend';
import { generateCA, issueCertificate, toNodeKeyPem, type CertAndKey } from '../../../../src/pki';
import {
  APIServiceConfigDefinition,
  type APIServiceConfigSpec,
} from '../../../../src/resources/runtime/api-service-config';
import {
  APICertificatesDefinition,
  type APICertsSpec,
} from '../../../../src/resources/secrets/api-certificates';
import { MemoryState } from '../../../../src/state';
import { captureLogs } from '../../../harness/log-capture';

export const SERVICE = { namespace: 'runtime', type: APIServiceConfigDefinition.type, id: 'apid' };
export const CERTS = { namespace: 'secrets', type: APICertificatesDefinition.type, id: 'api' };

/** What a node's fake machined saw and does. */
export interface FakeMachined {
  /** Roles and metadata of each call it served. */
  readonly calls: { method: string; roles: string[]; proxyfrom: string[]; nodes: string[] }[];
  /** ServiceList waits this long before it answers (ms). */
  serviceListDelayMs: number;
  /** Logs: how many messages were handed to the transport (awaited sends) so far. */
  logsSent: number;
  /** Bytes EtcdRecover received. */
  recovered: number;
}

export interface GatewayNode {
  readonly name: string;
  readonly address: string;
  port: number;
  readonly state: MemoryState;
  readonly machined: FakeMachined;
  readonly apid: Apid;
  stop(): Promise<void>;
  /** Starts again after stop (same port once it is known). */
  start(): Promise<void>;
}

export interface GatewayCluster {
  readonly ca: CertAndKey;
  readonly nodes: GatewayNode[];
  /** A client of `node` with a certificate carrying `organizations` (client auth unless `usage`). */
  client(node: GatewayNode, organizations: string[], usage?: 'client' | 'server' | 'both'): Promise<Client>;
  close(): Promise<void>;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

function fakeMachined(name: string, machined: FakeMachined): Implementation<'machine.MachineService'> {
  const seen = (method: string, ctx: CallContext): void => {
    machined.calls.push({
      method,
      roles: [...ctx.roles].sort(),
      proxyfrom: ctx.metadata.get('proxyfrom').map(String),
      nodes: ctx.metadata.get('nodes').map(String),
    });
  };
  return implement('machine.MachineService', {
    Version: async (_req, ctx) => {
      seen('Version', ctx);
      return { messages: [{ version: { tag: `v1.13.9-${name}`, os: 'linux' } }] };
    },
    ServiceList: async (_req, ctx) => {
      seen('ServiceList', ctx);
      await sleep(machined.serviceListDelayMs, ctx.signal);
      return { messages: [{ services: [{ id: `svc-${name}`, state: 'Running' }] }] };
    },
    Reboot: async (_req, ctx) => {
      seen('Reboot', ctx);
      throw new ApiError(grpc.status.FAILED_PRECONDITION, `reboot refused by ${name}`);
    },
    Logs: async (req, ctx, send) => {
      seen('Logs', ctx);
      const count = Number(req.tail_lines ?? 3);
      const chunk = Buffer.alloc(count > 100 ? 64 * 1024 : 8, name);
      for (let i = 0; i < count && !ctx.signal.aborted; i++) {
        await send({ bytes: count > 100 ? chunk : Buffer.from(`${name} line ${i}`) });
        machined.logsSent++;
      }
    },
    EtcdRecover: async (reqs, ctx) => {
      seen('EtcdRecover', ctx);
      for await (const r of reqs) machined.recovered += r.bytes.length;
      return { messages: [{}] };
    },
  });
}

export interface NodeSpec {
  readonly name: string;
  readonly address: string;
  /** Has the impersonator client certificate (a control plane) and so forwards. */
  readonly forwards: boolean;
  readonly controlPlaneEndpoints?: readonly string[];
}

export async function startGatewayCluster(specs: readonly NodeSpec[]): Promise<GatewayCluster> {
  const ca = await generateCA({ organizations: ['talos'] });
  const ports = new Map<string, number>();
  const nodes: GatewayNode[] = [];
  for (const spec of specs) {
    const state = new MemoryState();
    const machined: FakeMachined = { calls: [], serviceListDelayMs: 0, logsSent: 0, recovered: 0 };
    const server = await issueCertificate(ca, {
      commonName: spec.name,
      ipAddresses: [spec.address],
      dnsNames: [spec.name],
      extKeyUsage: 'server',
    });
    const client = spec.forwards
      ? await issueCertificate(ca, { organizations: ['os:impersonator'], extKeyUsage: 'client' })
      : undefined;
    await state.modify<APIServiceConfigSpec>(SERVICE, () => ({
      listenAddress: `${spec.address}:${ports.get(spec.name) ?? 0}`,
      nodeRoutingDisabled: false,
      readonlyRoleMode: false,
      skipVerifyingClientCert: false,
    }));
    await state.modify<APICertsSpec>(CERTS, () => ({
      acceptedCAs: [ca.certPem],
      server: { crt: server.certPem, key: server.keyPem },
      ...(client ? { client: { crt: client.certPem, key: client.keyPem } } : {}),
      skipVerifyingClientCert: false,
    }));
    const local = new LocalBackend().register('machine.MachineService', fakeMachined(spec.name, machined));
    let listening: (port: number) => void = () => undefined;
    const apid = new Apid({
      state,
      local,
      methods: apiSchema().methods,
      addresses: [spec.address],
      controlPlaneEndpoints: () => spec.controlPlaneEndpoints ?? [],
      peerAddress: (target) => `${target}:${ports.get(target) ?? 1}`,
      logger: captureLogs('error').logger,
      onListening: (_address, port) => listening(port),
    });
    let stopper: AbortController | undefined;
    let running: Promise<void> | undefined;
    const node: GatewayNode = {
      name: spec.name,
      address: spec.address,
      port: 0,
      state,
      machined,
      apid,
      async start() {
        stopper = new AbortController();
        setMaxListeners(0, stopper.signal);
        const up = new Promise<number>((resolve) => (listening = resolve));
        running = apid.run(stopper.signal);
        const port = await up;
        if (node.port === 0) {
          // pin the port so that a restart binds the same one
          node.port = port;
          ports.set(spec.address, port);
          const again = new Promise<number>((resolve) => (listening = resolve));
          await state.modify<APIServiceConfigSpec>(SERVICE, (s) => ({
            ...s!,
            listenAddress: `${spec.address}:${port}`,
          }));
          await again;
        }
      },
      async stop() {
        stopper?.abort();
        await running;
      },
    };
    await node.start();
    nodes.push(node);
  }
  const clients: grpc.Client[] = [];
  return {
    ca,
    nodes,
    async client(node, organizations, usage = 'client') {
      const cert = await issueCertificate(ca, { organizations, extKeyUsage: usage });
      const c = new Client(node, ca.certPem, cert);
      clients.push(c.raw);
      return c;
    },
    async close() {
      for (const c of clients) c.close();
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}

const methods = new Map(apiSchema().methods.map((m) => [m.path, m]));

export function routing(kind: 'node' | 'nodes', ...targets: string[]): grpc.Metadata {
  const md = new grpc.Metadata();
  for (const t of targets) md.add(kind, t);
  return md;
}

/** A decoded-message client of one node. */
export class Client {
  readonly raw: grpc.Client;

  constructor(node: GatewayNode, caPem: string, cert: CertAndKey) {
    this.raw = new grpc.Client(
      `${node.address}:${node.port}`,
      grpc.credentials.createSsl(
        Buffer.from(caPem),
        Buffer.from(toNodeKeyPem(cert.keyPem)),
        Buffer.from(cert.certPem),
      ),
    );
  }

  unary<T = Record<string, unknown>>(
    path: string,
    req: object,
    md = new grpc.Metadata(),
    timeoutMs = 10_000,
  ): Promise<T> {
    const m = methods.get(path)!;
    return new Promise((resolve, reject) =>
      this.raw.makeUnaryRequest(
        path,
        m.requestSerialize,
        m.responseDeserialize,
        req,
        md,
        { deadline: Date.now() + timeoutMs },
        (err, res) => (err ? reject(err) : resolve(res as T)),
      ),
    );
  }

  /** The raw answer bytes of a unary call. */
  unaryBytes(path: string, req: object, md = new grpc.Metadata()): Promise<Buffer> {
    const m = methods.get(path)!;
    return new Promise((resolve, reject) =>
      this.raw.makeUnaryRequest(
        path,
        m.requestSerialize,
        (b: Buffer) => b,
        req,
        md,
        { deadline: Date.now() + 10_000 },
        (err, res) => (err ? reject(err) : resolve(res!)),
      ),
    );
  }

  stream(path: string, req: object, md = new grpc.Metadata()): grpc.ClientReadableStream<unknown> {
    const m = methods.get(path)!;
    return this.raw.makeServerStreamRequest(path, m.requestSerialize, m.responseDeserialize, req, md, {
      deadline: Date.now() + 30_000,
    });
  }

  async streamAll<T = Record<string, unknown>>(
    path: string,
    req: object,
    md = new grpc.Metadata(),
  ): Promise<T[]> {
    const out: T[] = [];
    for await (const msg of this.stream(path, req, md)) out.push(msg as T);
    return out;
  }

  clientStream<T = Record<string, unknown>>(
    path: string,
    reqs: object[],
    md = new grpc.Metadata(),
  ): Promise<T> {
    const m = methods.get(path)!;
    return new Promise((resolve, reject) => {
      const call = this.raw.makeClientStreamRequest(
        path,
        m.requestSerialize,
        m.responseDeserialize,
        md,
        { deadline: Date.now() + 10_000 },
        (err, res) => (err ? reject(err) : resolve(res as T)),
      );
      for (const r of reqs) call.write(r);
      call.end();
    });
  }
}
