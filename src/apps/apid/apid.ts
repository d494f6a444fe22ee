// apid: the API on :50000. It follows APIServiceConfigs (how to listen, whom to trust) and
// ApiCertificates from the store, and restarts its listener when either changes.
import type { Backend, MethodInfo } from '../../grpc/backend';
import { ApiServer } from '../../grpc/api-server';
import { isAuthorized } from '../../grpc/authorize';
import { serverCredentials } from '../../grpc/tls';
import { toNodeKeyPem } from '../../pki';
import {
  APIServiceConfigDefinition,
  API_SERVICE_CONFIG_ID,
  type APIServiceConfigSpec,
} from '../../resources/runtime/api-service-config';
import {
  APICertificatesDefinition,
  API_CERTIFICATES_ID,
  type APICertsSpec,
} from '../../resources/secrets/api-certificates';
import type { Logger } from '../../log';
import { getOptional, type Resource, type ResourcePointer, type State } from '../../state';
import { authenticate } from './authenticate';
import { createRouter } from './router';

export const APID_PORT = 50000;

export interface ApidOptions {
  readonly state: State;
  readonly local: Backend & { has(path: string): boolean };
  readonly methods: readonly MethodInfo[];
  readonly isLocalTarget: (target: string) => boolean;
  readonly logger: Logger;
  /** Called each time the listener is (re)started, with the bound address. */
  readonly onListening?: (address: string) => void;
}

const CONFIG: ResourcePointer = {
  namespace: 'runtime',
  type: APIServiceConfigDefinition.type,
  id: API_SERVICE_CONFIG_ID,
};
const CERTS: ResourcePointer = {
  namespace: 'secrets',
  type: APICertificatesDefinition.type,
  id: API_CERTIFICATES_ID,
};

export class Apid {
  private server: ApiServer | undefined;
  private running: { config: Resource; certs: Resource } | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly opts: ApidOptions) {}

  /** Runs until the signal fires, then stops the listener. */
  async run(signal: AbortSignal): Promise<void> {
    const kick = (): void => {
      this.queue = this.queue
        .then(() => this.reconcile())
        .catch((e: unknown) => this.opts.logger.error({ err: String(e) }, 'apid restart failed'));
    };
    await Promise.all(
      [CONFIG, CERTS].map(async (p) => {
        for await (const _ of this.opts.state.watch(p, signal)) kick();
      }),
    );
    await this.queue;
    await this.server?.stop();
    this.server = undefined;
  }

  private get(p: ResourcePointer): Promise<Resource | undefined> {
    return getOptional(this.opts.state, p);
  }

  private async reconcile(): Promise<void> {
    const [config, certs] = [await this.get(CONFIG), await this.get(CERTS)];
    if (this.running && config === this.running.config && certs === this.running.certs) return;
    if (this.server) {
      await this.server.stop();
      this.server = undefined;
      this.running = undefined;
    }
    if (!config || !certs) return;
    const cfg = config.spec as APIServiceConfigSpec;
    const crt = certs.spec as APICertsSpec;
    // Both change on a switch between maintenance and configured; never serve one mode with the
    // other's certificates (the maintenance ones are the only ones that skip client verification).
    if (cfg.skipVerifyingClientCert !== crt.skipVerifyingClientCert) return;
    this.opts.logger.info(
      `starting apid with config: listen address ${cfg.listenAddress}, skip client cert verify ${cfg.skipVerifyingClientCert}, node routing disabled ${cfg.nodeRoutingDisabled}, readonly role mode ${cfg.readonlyRoleMode}`,
    );
    const server = new ApiServer({
      methods: this.opts.methods,
      authenticate: (caller) => authenticate(caller, cfg.readonlyRoleMode),
      authorize: (method, roles) => isAuthorized({ method, roles, configured: !cfg.readonlyRoleMode }),
      isImplemented: (method) => this.opts.local.has(method),
      route: createRouter({
        local: this.opts.local,
        routingDisabled: cfg.nodeRoutingDisabled,
        isLocalTarget: this.opts.isLocalTarget,
      }),
    });
    await server.listen(
      cfg.listenAddress,
      serverCredentials({
        certPem: crt.server.crt,
        keyPem: toNodeKeyPem(crt.server.key),
        clientCAsPem: crt.acceptedCAs.join('\n'),
        requireClientCert: !cfg.skipVerifyingClientCert,
      }),
    );
    this.server = server;
    this.running = { config, certs };
    this.opts.onListening?.(cfg.listenAddress);
  }
}
