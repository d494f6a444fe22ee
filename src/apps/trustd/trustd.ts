// trustd: the root of trust on control-plane nodes (:50001). A worker, which has the OS CA's
// certificate but not its key, sends a CSR with machine.token and gets back an apid server
// certificate signed by the OS CA. Only /securityapi.SecurityService/Certificate is served; the
// server presents its own certificate from the OS CA and asks for no client certificate.
//
// It follows the machine config in the store: on every change it asks its owner for the current
// secrets, and (re)starts or stops the listener; its certificate is re-issued at half its life.
import { isIP } from 'node:net';
import { status } from '@grpc/grpc-js';
import type { MachineConfig } from '../../config';
import type { MethodInfo } from '../../grpc/backend';
import { ApiServer } from '../../grpc/api-server';
import { apiSchema } from '../../grpc/api-schema';
import { ApiError } from '../../grpc/errors';
import { LocalBackend } from '../../grpc/local-backend';
import type { Role } from '../../grpc/roles';
import { serverCredentials } from '../../grpc/tls';
import type { Logger } from '../../log';
import { issueCertificate, toNodeKeyPem } from '../../pki';
import { MACHINE_CONFIG } from '../../resources/config/machine-config';
import type { State } from '../../state';
import { trustdHost, type CertSANs } from '../../secrets/trustd-client';
import { CERTIFICATE_PATH, SECURITY_SERVICE, securityApi, type SigningAuthority } from './security-api';
import { checkToken } from './token-auth';

export const TRUSTD_PORT = 50001;
/** trustd's own certificate lives 24h (as Talos's TrustdController issues it) and is renewed at 12h. */
export const TRUSTD_CERT_VALIDITY_MS = 24 * 60 * 60 * 1000;
const MAX_REQUEST_BYTES = 1024 * 1024;
const RETRY_MS = 5_000;

export interface TrustdSecrets extends SigningAuthority {
  /** machine.token: what callers must present as metadata "token". */
  readonly token: string;
  /** SANs of trustd's server certificate. */
  readonly sans: CertSANs;
}

export interface TrustdOptions {
  readonly state: State;
  /** The address trustd binds, port 50001 (or `port`). */
  readonly listen: string;
  readonly port?: number;
  /**
   * The secrets of the active config, or undefined when this node does not run trustd (maintenance,
   * worker). Read on every machine config change, and on every call (token and CA).
   */
  readonly secrets: () => TrustdSecrets | undefined;
  readonly logger: Logger;
  /** Defaults to this build's API schema. */
  readonly methods?: readonly MethodInfo[];
  /** Called each time the listener is (re)started, with the bound `host:port`. */
  readonly onListening?: (address: string) => void;
}

const NO_ROLES: ReadonlySet<Role> = new Set();

/** `sans` plus the control-plane endpoint's host, so workers can verify trustd by that name. */
export function withEndpointSAN(sans: CertSANs, host: string | undefined): CertSANs {
  if (!host || sans.ips.includes(host) || sans.dnsNames.includes(host)) return sans;
  return isIP(host) ? { ...sans, ips: [...sans.ips, host] } : { ...sans, dnsNames: [...sans.dnsNames, host] };
}

/** machine.acceptedCAs, decoded to PEM text. */
function acceptedCAsOf(cfg: MachineConfig): string[] {
  return (cfg.v1alpha1()?.machine?.acceptedCAs ?? []).flatMap((c) =>
    c.crt ? [Buffer.from(c.crt, 'base64').toString()] : [],
  );
}

/** trustd's certificate names: the node's address, machine.certSANs and the configured hostname. */
function sansOf(cfg: MachineConfig, listen: string): CertSANs {
  const ips = isIP(listen) ? [listen] : [];
  const dnsNames = isIP(listen) ? [] : [listen];
  for (const san of cfg.machineCertSANs()) (isIP(san) ? ips : dnsNames).push(san);
  const hostname = cfg.hostname();
  if (hostname) dnsNames.push(hostname);
  return { ips, dnsNames };
}

/**
 * What trustd needs from a control-plane (controlplane/init) config with the OS CA key and a token;
 * undefined for any other config (trustd does not listen). `listen`: the node's address.
 */
export function trustdSecretsFor(cfg: MachineConfig, listen: string): TrustdSecrets | undefined {
  const type = cfg.machineType();
  const ca = cfg.machineCA();
  const token = cfg.machineToken();
  if ((type !== 'controlplane' && type !== 'init') || !ca?.key || !token) return undefined;
  return {
    issuingCA: { crt: ca.crt, key: ca.key },
    acceptedCAs: [...acceptedCAsOf(cfg), ca.crt],
    token,
    sans: withEndpointSAN(sansOf(cfg, listen), trustdHost(cfg.controlPlaneURL())),
  };
}

export class Trustd {
  private server: ApiServer | undefined;
  private inputs: string | undefined;
  private renewAt = Infinity;
  private renewTimer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly opts: TrustdOptions) {}

  /** Runs until the signal fires, then stops the listener. */
  async run(signal: AbortSignal): Promise<void> {
    const kick = (): void => {
      this.queue = this.queue
        .then(() => this.reconcile(kick))
        .catch((e: unknown) => {
          this.opts.logger.error({ err: String(e) }, 'trustd restart failed, retrying');
          clearTimeout(this.renewTimer);
          if (!signal.aborted) this.renewTimer = setTimeout(kick, RETRY_MS);
        });
    };
    while (!signal.aborted) {
      for await (const _ of this.opts.state.watch(MACHINE_CONFIG, signal)) kick();
    }
    clearTimeout(this.renewTimer);
    await this.queue;
    await this.stop();
  }

  private async stop(): Promise<void> {
    clearTimeout(this.renewTimer);
    const server = this.server;
    this.server = undefined;
    this.inputs = undefined;
    await server?.stop();
  }

  private async reconcile(kick: () => void): Promise<void> {
    const secrets = this.opts.secrets();
    const inputs = secrets
      ? JSON.stringify([secrets.issuingCA, secrets.acceptedCAs, secrets.sans, this.opts.listen])
      : undefined;
    if (inputs === this.inputs && Date.now() < this.renewAt) return;
    const wasRunning = this.server !== undefined;
    await this.stop();
    if (!secrets || !inputs) {
      if (wasRunning) this.opts.logger.info('trustd stopped: this node is not a control-plane node');
      return;
    }
    const cert = await issueCertificate(secrets.issuingCA, {
      dnsNames: [...secrets.sans.dnsNames],
      ipAddresses: [...secrets.sans.ips],
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      extKeyUsage: 'server',
      validityMs: TRUSTD_CERT_VALIDITY_MS,
    });
    const server = this.newServer();
    const host = this.opts.listen;
    let port: number;
    try {
      port = await server.listen(
        `${isIP(host) === 6 ? `[${host}]` : host}:${this.opts.port ?? TRUSTD_PORT}`,
        serverCredentials({
          certPem: cert.certPem,
          keyPem: toNodeKeyPem(cert.keyPem),
          requireClientCert: false,
        }),
      );
    } catch (e: unknown) {
      await server.stop(0);
      throw e;
    }
    this.server = server;
    this.inputs = inputs;
    const renewIn = TRUSTD_CERT_VALIDITY_MS / 2;
    this.renewAt = Date.now() + renewIn;
    this.renewTimer = setTimeout(kick, renewIn);
    const address = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
    this.opts.logger.info(`trustd listening on ${address}`);
    this.opts.onListening?.(address);
  }

  private newServer(): ApiServer {
    const certificate = (this.opts.methods ?? apiSchema().methods).find((m) => m.path === CERTIFICATE_PATH);
    if (!certificate) throw new Error(`the API schema has no ${CERTIFICATE_PATH}`);
    const local = new LocalBackend().register(
      SECURITY_SERVICE,
      securityApi(() => this.opts.secrets(), this.opts.logger),
    );
    return new ApiServer({
      // only this method is registered: grpc-js answers Unimplemented for every other path
      methods: [certificate],
      authenticate: (caller) => {
        const secrets = this.opts.secrets();
        if (!secrets) throw new ApiError(status.UNAVAILABLE, 'trustd is not configured on this node');
        checkToken(caller.metadata, secrets.token);
        return NO_ROLES;
      },
      authorize: () => true,
      isImplemented: (path) => path === CERTIFICATE_PATH,
      route: () => local,
      maxReceiveMessageBytes: MAX_REQUEST_BYTES,
    });
  }
}
