// apid: the API on :50000 and the cluster's API gateway. It follows APIServiceConfigs (how to listen,
// whom to trust) and ApiCertificates from the store: a new service config restarts the listener, new
// certificates only replace what the next connections get (open connections keep theirs, so a CA
// rotation never cuts a client off) and the connections to other nodes.
import { status } from '@grpc/grpc-js';
import type { Backend, MethodInfo } from '../../grpc/backend';
import { ApiServer } from '../../grpc/api-server';
import { isAuthorized } from '../../grpc/authorize';
import { ApiError } from '../../grpc/errors';
import type { ServerTLS } from '../../grpc/tls';
import type { TlsListener } from '../../grpc/tls-listener';
import { toNodeKeyPem } from '../../pki';
import { API_SERVICE_CONFIG, type APIServiceConfigSpec } from '../../resources/runtime/api-service-config';
import { API_CERTIFICATES, type APICertsSpec } from '../../resources/secrets/api-certificates';
import type { Logger } from '../../log';
import { getOptional, type Resource, type ResourcePointer, type State } from '../../state';
import { authenticate } from './authenticate';
import { LocalTargets } from './local-targets';
import { PeerPool, type PeerPoolOptions } from './peer-pool';
import { createRouter } from './router';
import { LoggedBackend } from '../../grpc/logged-backend';
import type { CallContext } from '../../grpc/handler';

export const APID_PORT = 50000;

export interface ApidOptions {
  readonly state: State;
  readonly local: Backend;
  readonly methods: readonly MethodInfo[];
  /** This node's addresses (targets naming them, or its hostname, are served here). */
  readonly addresses: readonly string[];
  /** The control-plane endpoints a worker names when it refuses to forward (default: Endpoints resources). */
  readonly controlPlaneEndpoints?: () => readonly string[];
  /** How peers are dialled (tests); default `target:50000`. */
  readonly peerAddress?: PeerPoolOptions['addressOf'];
  readonly logger: Logger;
  /** Called each time the listener is (re)started, with the configured address and the bound port. */
  readonly onListening?: (address: string, port: number) => void;
}

/** What a worker answers to a call it would have to forward. */
export function forwardingRefused(endpoints: readonly string[]): ApiError {
  const where =
    endpoints.length > 0
      ? `use a control-plane node as the endpoint instead: ${endpoints.join(', ')}`
      : 'use a control-plane node as the endpoint instead';
  return new ApiError(
    status.PERMISSION_DENIED,
    `this node does not forward requests to other nodes (a worker has no client certificate for them): ${where}`,
  );
}

function serverTLS(cfg: APIServiceConfigSpec, crt: APICertsSpec): ServerTLS {
  return {
    certPem: crt.server.crt,
    keyPem: toNodeKeyPem(crt.server.key),
    clientCAsPem: crt.acceptedCAs.join('\n'),
    requireClientCert: !cfg.skipVerifyingClientCert,
  };
}

interface Running {
  readonly server: ApiServer;
  readonly listener: TlsListener;
  readonly config: Resource;
  certs: Resource;
  /** Where a call is served, from its routing metadata. */
  readonly route: (ctx: CallContext) => Backend;
}

export class Apid {
  private running: Running | undefined;
  /** Connections to other nodes; absent when this node has no client certificate (it does not forward). */
  private peers: PeerPool | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly known: LocalTargets;

  constructor(private readonly opts: ApidOptions) {
    this.known = new LocalTargets(opts.addresses);
  }

  /** Runs until the signal fires, then stops the listener. */
  async run(signal: AbortSignal): Promise<void> {
    const kick = (): void => {
      this.queue = this.queue
        .then(() => this.reconcile())
        .catch((e: unknown) => this.opts.logger.error({ err: String(e) }, 'apid restart failed'));
    };
    await Promise.all([
      ...[API_SERVICE_CONFIG, API_CERTIFICATES].map(async (p) => {
        for await (const _ of this.opts.state.watch(p, signal)) kick();
      }),
      this.known.run(this.opts.state, signal),
    ]);
    await this.queue;
    await this.stop();
  }

  /**
   * How a call this node makes itself (with `node`/`nodes` metadata, a caller's roles) is routed, as a
   * caller's call would be (Talos's machined calls its own apid); undefined while apid does not serve.
   */
  nodeRoute(): ((ctx: CallContext) => Backend) | undefined {
    return this.running?.route;
  }

  private get(p: ResourcePointer): Promise<Resource | undefined> {
    return getOptional(this.opts.state, p);
  }

  private async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    this.setPeers(undefined);
    await running?.server.stop();
  }

  private setPeers(crt: APICertsSpec | undefined): void {
    this.peers?.close();
    this.peers =
      crt?.client && crt.acceptedCAs.length > 0
        ? new PeerPool({
            identity: { caPem: crt.acceptedCAs.join('\n'), certPem: crt.client.crt, keyPem: crt.client.key },
            ...(this.opts.peerAddress ? { addressOf: this.opts.peerAddress } : {}),
          })
        : undefined;
  }

  private async reconcile(): Promise<void> {
    const [config, certs] = [await this.get(API_SERVICE_CONFIG), await this.get(API_CERTIFICATES)];
    const running = this.running;
    const same = (a: Resource | undefined, b: Resource): boolean =>
      a !== undefined &&
      a.metadata.version === b.metadata.version &&
      a.metadata.created.getTime() === b.metadata.created.getTime();
    if (running && same(config, running.config) && same(certs, running.certs)) return;
    const cfg = config?.spec as APIServiceConfigSpec | undefined;
    const crt = certs?.spec as APICertsSpec | undefined;
    // Both change on a switch between maintenance and configured; never serve one mode with the
    // other's certificates (the maintenance ones are the only ones that skip client verification).
    const consistent = cfg && crt && cfg.skipVerifyingClientCert === crt.skipVerifyingClientCert;
    if (running && same(config, running.config) && certs && consistent) {
      running.listener.update(serverTLS(cfg, crt));
      running.certs = certs;
      this.setPeers(crt);
      this.opts.logger.info('apid certificates updated');
      return;
    }
    await this.stop();
    if (!config || !certs || !cfg || !crt || !consistent) return;
    this.opts.logger.info(
      `starting apid with config: listen address ${cfg.listenAddress}, skip client cert verify ${cfg.skipVerifyingClientCert}, node routing disabled ${cfg.nodeRoutingDisabled}, readonly role mode ${cfg.readonlyRoleMode}`,
    );
    this.setPeers(crt);
    const route = createRouter({
      local: this.opts.local,
      routingDisabled: cfg.nodeRoutingDisabled,
      isLocalTarget: (target) => this.known.isLocal(target),
      peers: () => {
        const pool = this.peers;
        return pool && ((target: string) => pool.backend(target));
      },
      forwardingRefused: () =>
        forwardingRefused(this.opts.controlPlaneEndpoints?.() ?? this.known.controlPlaneEndpoints()),
    });
    const server = new ApiServer({
      methods: this.opts.methods,
      authenticate: (caller) => authenticate(caller, cfg.readonlyRoleMode),
      authorize: (method, roles) => isAuthorized({ method, roles, configured: !cfg.readonlyRoleMode }),
      // every call is logged in apid's log too, wherever it is routed (as Talos's apid does)
      route: loggedRoute(route, (line) => this.opts.logger.info(line)),
    });
    const { listener, port } = await server.listenTLS(cfg.listenAddress, serverTLS(cfg, crt));
    this.running = { server, listener, config, certs, route };
    this.opts.onListening?.(cfg.listenAddress, port);
  }
}

/** The router's choice, wrapped so that the call is logged when it ends. */
function loggedRoute(
  route: (ctx: CallContext) => Backend,
  log: (line: string) => void,
): (ctx: CallContext) => Backend {
  return (ctx) => new LoggedBackend(route(ctx), log);
}
