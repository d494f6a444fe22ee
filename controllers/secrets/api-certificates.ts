// secrets.APIController: ApiCertificates ("api"), apid's TLS material, by machine type —
// - unknown (maintenance): a server certificate from the maintenance CA for CertSANs "maintenance";
//   clients are not asked for a certificate;
// - controlplane/init: a server certificate and the `os:impersonator` client certificate (apid's
//   identity when it proxies to other nodes) from the OS CA, for CertSANs "api";
// - worker: a server certificate signed by trustd on the control plane (see api-trustd-client.ts).
// Certificates are renewed half-way through their life (a timer wakes the controller); a change of
// machine type drops the current certificates first, so apid never serves one mode's with another's.
//
// Talos waits for the network to have addresses and finds trustd through Kubernetes endpoints; here
// the node addresses are given up front and trustd is the control-plane endpoint's host (read from the
// machine config). A missing MachineTypes resource means "not known yet" rather than maintenance.
import { createHash } from 'node:crypto';
import {
  getOptional,
  WakeTimer,
  type Controller,
  type ControllerContext,
  outputOf,
} from '../../src/controller-runtime';
import type { MethodInfo } from '../../src/grpc/backend';
import { DEFAULT_CERT_VALIDITY_MS } from '../../src/pki';
import { MACHINE_TYPE, type MachineTypeName } from '../../src/resources/config/machine-type';
import { API_CERTIFICATES, type APICertsSpec } from '../../src/resources/secrets/api-certificates';
import {
  API_CERT_SANS,
  MAINTENANCE_CERT_SANS,
  type CertSANSpec,
} from '../../src/resources/secrets/cert-sans';
import { MAINTENANCE_ROOT, type MaintenanceRootSpec } from '../../src/resources/secrets/maintenance-root';
import { OS_ROOT, type OSRootSpec } from '../../src/resources/secrets/os-root';
import { MACHINE_CONFIG, machineConfigOf } from '../../src/resources/config/machine-config';
import {
  controlPlaneAPICerts,
  fingerprintsOf,
  maintenanceAPICerts,
  refreshTimeOf,
} from '../../src/secrets/api-certificates';
import { requestWorkerCertificates, trustdHost, type Backoff } from '../../src/secrets/trustd-client';

export interface APIControllerOptions {
  /** Lifetime of the certificates this node issues itself (default 24h, as Talos). */
  readonly validityMs?: number;
  /** The clock renewals are judged by (default Date.now). */
  readonly now?: () => number;
  /** How a worker reaches trustd (tests). */
  readonly trustd?: {
    readonly port?: number;
    readonly backoff?: Partial<Backoff>;
    readonly methods?: readonly MethodInfo[];
  };
}

type Mode = 'maintenance' | 'controlplane' | 'worker';

/** What the inputs call for: nothing yet, no certificates at all, or certificates made by `issue`. */
type Plan =
  | { readonly kind: 'wait'; readonly mode?: Mode }
  | { readonly kind: 'none'; readonly mode: Mode }
  | {
      readonly kind: 'issue';
      readonly mode: Mode;
      /** A digest of the inputs the certificates are made from. */
      readonly key: string;
      readonly issue: (ctx: ControllerContext, signal: AbortSignal) => Promise<APICertsSpec | undefined>;
    };

const modeOf = (t: MachineTypeName): Mode =>
  t === 'unknown' ? 'maintenance' : t === 'worker' ? 'worker' : 'controlplane';

const digest = (v: unknown): string => createHash('sha256').update(JSON.stringify(v)).digest('hex');

export class APIController implements Controller {
  readonly name = 'secrets.APIController';
  /** The mode of the certificates in the store (kept across restarts of the controller). */
  private mode: Mode | undefined;
  private issued: { key: string; refreshAt: number } | undefined;
  private reportedIncomplete = false;

  constructor(private readonly opts: APIControllerOptions = {}) {}

  inputs() {
    return [
      { ...MACHINE_TYPE, kind: 'weak' as const },
      { ...OS_ROOT, kind: 'weak' as const },
      { ...API_CERT_SANS, kind: 'weak' as const },
      { ...MAINTENANCE_ROOT, kind: 'weak' as const },
      { ...MAINTENANCE_CERT_SANS, kind: 'weak' as const },
      { ...MACHINE_CONFIG, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [outputOf(API_CERTIFICATES)];
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const renewal = new WakeTimer(ctx, () => this.now());
    try {
      while (await ctx.nextEvent(signal)) {
        renewal.clear();
        const plan = await this.plan(ctx);
        if (plan.mode !== undefined && plan.mode !== this.mode) {
          await this.teardown(ctx);
          this.mode = plan.mode;
        }
        if (plan.kind === 'none') await this.teardown(ctx);
        if (plan.kind !== 'issue') continue;
        let issued = this.issued;
        if (issued?.key !== plan.key || this.now() >= issued.refreshAt) {
          const spec = await plan.issue(ctx, signal);
          if (!spec) continue; // superseded by an input change, or stopping
          await ctx.modify<APICertsSpec>(API_CERTIFICATES, () => spec);
          issued = this.issued = { key: plan.key, refreshAt: refreshTimeOf(spec.server.crt) };
          ctx.logger.debug(fingerprintsOf(spec), 'generated new certificates');
        }
        renewal.at(issued.refreshAt);
        ctx.resetBackoff();
      }
    } finally {
      renewal.clear();
    }
  }

  private async teardown(ctx: ControllerContext): Promise<void> {
    this.issued = undefined;
    if (await getOptional(ctx, API_CERTIFICATES)) await ctx.destroy(API_CERTIFICATES);
  }

  private async plan(ctx: ControllerContext): Promise<Plan> {
    const machineType = await getOptional<MachineTypeName>(ctx, MACHINE_TYPE);
    if (!machineType) return { kind: 'wait' };
    const mode = modeOf(machineType.spec);
    if (mode === 'maintenance') return this.planMaintenance(ctx);
    const root = await getOptional<OSRootSpec>(ctx, OS_ROOT);
    if (!root) return { kind: 'none', mode };
    const sans = await getOptional<CertSANSpec>(ctx, API_CERT_SANS);
    if (!sans) return { kind: 'wait', mode };
    return mode === 'controlplane'
      ? this.planControlPlane(root.spec, sans.spec)
      : this.planWorker(ctx, root.spec, sans.spec);
  }

  private async planMaintenance(ctx: ControllerContext): Promise<Plan> {
    const mode = 'maintenance';
    const root = await getOptional<MaintenanceRootSpec>(ctx, MAINTENANCE_ROOT);
    const sans = await getOptional<CertSANSpec>(ctx, MAINTENANCE_CERT_SANS);
    if (!root || !sans) return { kind: 'wait', mode };
    return {
      kind: 'issue',
      mode,
      key: digest([mode, root.spec.ca.crt, sans.spec]),
      issue: () => maintenanceAPICerts(root.spec.ca, sans.spec, this.timing()),
    };
  }

  private planControlPlane(root: OSRootSpec, sans: CertSANSpec): Plan {
    const mode = 'controlplane';
    const ca = root.issuingCA;
    if (!ca) throw new Error('no OS CA key in the machine config of a control-plane node');
    return {
      kind: 'issue',
      mode,
      key: digest([mode, ca.crt, root.acceptedCAs, sans]),
      issue: () => controlPlaneAPICerts(ca, root.acceptedCAs, sans, this.timing()),
    };
  }

  private async planWorker(ctx: ControllerContext, root: OSRootSpec, sans: CertSANSpec): Promise<Plan> {
    const mode = 'worker';
    const endpoint = trustdHost((await machineConfigOf(ctx))?.controlPlaneURL());
    if (!endpoint || root.acceptedCAs.length === 0 || root.token === '') {
      if (!this.reportedIncomplete)
        ctx.logger.error(
          'no machine.token, machine.ca.crt or cluster.controlPlane.endpoint: apid cannot get a certificate',
        );
      this.reportedIncomplete = true;
      return { kind: 'wait', mode };
    }
    this.reportedIncomplete = false;
    const request = {
      endpoint,
      token: root.token,
      trustedCAs: root.acceptedCAs,
      sans,
      ...(sans.fqdn ? { commonName: sans.fqdn } : {}),
    };
    const key = digest([mode, request]);
    return {
      kind: 'issue',
      mode,
      key,
      issue: (c, signal) => {
        c.logger.debug({ endpoints: [endpoint] }, 'sending CSR');
        return this.fromTrustd(c, signal, key, (attempt) =>
          requestWorkerCertificates({ ...request, ...this.opts.trustd, logger: c.logger }, attempt),
        );
      },
    };
  }

  private timing() {
    return { now: new Date(this.now()), validityMs: this.opts.validityMs ?? DEFAULT_CERT_VALIDITY_MS };
  }

  /**
   * Waits for trustd's answer while watching the inputs: a change that alters the request abandons it
   * (undefined, and the controller is woken to start over); any other change is ignored.
   */
  private async fromTrustd(
    ctx: ControllerContext,
    signal: AbortSignal,
    key: string,
    request: (attempt: AbortSignal) => Promise<APICertsSpec>,
  ): Promise<APICertsSpec | undefined> {
    const attempt = new AbortController();
    const stop = (): void => attempt.abort();
    signal.addEventListener('abort', stop, { once: true });
    const answer = request(attempt.signal).then(
      (certs) => ({ certs }),
      (error: unknown) => ({ error }),
    );
    try {
      for (;;) {
        const waiting = new AbortController();
        const event = ctx.nextEvent(AbortSignal.any([signal, waiting.signal]));
        const first = await Promise.race([answer, event.then((woke) => ({ woke }))]);
        waiting.abort();
        if ('woke' in first) {
          if (!first.woke) return undefined;
          const plan = await this.plan(ctx);
          if (plan.kind === 'issue' && plan.key === key) continue;
          ctx.queueReconcile();
          return undefined;
        }
        // an input change that raced the answer is handled by the next pass
        if (await event) ctx.queueReconcile();
        if ('error' in first) {
          if (signal.aborted) return undefined;
          throw first.error;
        }
        return first.certs;
      }
    } finally {
      attempt.abort();
      signal.removeEventListener('abort', stop);
    }
  }
}
