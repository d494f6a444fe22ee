// machined: owns the resource store and the machine config, and moves the node between
// maintenance (no config) and configured. apid follows the resources it writes.
import { isIP } from 'node:net';
import type { MachineConfig } from '../../config';
import type { ApiSchema } from '../../grpc/api-schema';
import { LocalBackend } from '../../grpc/local-backend';
import type { Logger } from '../../log';
import { spkiFingerprint } from '../../pki';
import { newResource } from '../../resources/definition';
import { MachineConfigDefinition, MACHINE_CONFIG_ID } from '../../resources/config/machine-config';
import {
  APIServiceConfigDefinition,
  API_SERVICE_CONFIG_ID,
  type APIServiceConfigSpec,
} from '../../resources/runtime/api-service-config';
import {
  MachineStatusDefinition,
  MACHINE_STATUS_ID,
  type MachineStatusSpec,
} from '../../resources/runtime/machine-status';
import { VersionDefinition, VERSION_ID } from '../../resources/runtime/version';
import {
  APICertificatesDefinition,
  API_CERTIFICATES_ID,
  type APICertsSpec,
} from '../../resources/secrets/api-certificates';
import { controllers } from '../../../controllers';
import { ControllerRuntime } from '../../controller-runtime';
import { isNotFoundError, MemoryState, type ResourcePointer } from '../../state';
import { Apid, APID_PORT } from '../apid/apid';
import { Trustd, trustdSecretsFor } from '../trustd/trustd';
import { configuredCertificates, maintenanceCertificates, type CertSANs } from './api-certificates';
import { ConfigApplier } from './config-applier';
import { ConfigPersistence } from './config-persistence';
import { parseConfig } from './load-config';
import { loadOrCreateNodeId } from './node-identity';
import { registerDefinitions } from './register-definitions';
import { cosiStateService } from './server/cosi-state';
import { inspectService } from './server/inspect-service';
import { LogSources } from '../../system/logs';
import { logsHandlers } from './server/logs-service';
import { kubeconfigHandler } from './server/kubeconfig-service';
import { machineService } from './server/machine-service';
import { TALOS_VERSION, versionInfo } from './version-info';
import { keepWorkerCertificates, workerRequestFor } from './worker-certificates';

export interface MachinedOptions {
  readonly platform: 'container';
  readonly stateDir: string;
  /** The address apid (ADDR:50000) and trustd (ADDR:50001) bind. */
  readonly listen: string;
  readonly schema: ApiSchema;
  readonly logger: Logger;
  /** The node's log sources, served by MachineService Logs (empty when not given). */
  readonly logSources?: LogSources;
  /** The controller runtime's logger, writing into the `controller-runtime` source (`logger` when not given). */
  readonly controllerLogger?: Logger;
}

const OWNER = 'machined';

export class Machined {
  readonly state = new MemoryState();
  private readonly persistence: ConfigPersistence;
  private config: MachineConfig | undefined;
  private certInputs: string | undefined;
  /** The background loop getting a worker's apid certificate from trustd, and its stop. */
  private workerCerts: { stop: AbortController; done: Promise<void> } | undefined;

  constructor(private readonly opts: MachinedOptions) {
    this.persistence = new ConfigPersistence(opts.stateDir);
  }

  async run(signal: AbortSignal): Promise<void> {
    const log = this.opts.logger;
    await registerDefinitions(this.state);
    await this.state.create(
      newResource(VersionDefinition, VERSION_ID, { version: TALOS_VERSION, name: 'Talos' }),
    );
    await this.setStatus({ stage: 'booting', status: { ready: false, unmetConditions: [] } });

    const applier = new ConfigApplier({
      persistence: this.persistence,
      current: () => this.config,
      activate: (cfg) => this.enterConfigured(cfg),
      deactivate: () => this.leaveConfigured(),
      platform: this.opts.platform,
      logger: log,
      signal,
    });
    const runtime = new ControllerRuntime(this.state, { logger: this.opts.controllerLogger ?? log });
    const nodeId = await loadOrCreateNodeId(this.opts.stateDir);
    for (const controller of controllers({
      nodeId,
      addresses: [this.opts.listen],
      rootDir: this.opts.stateDir,
    }))
      runtime.register(controller);
    const local = new LocalBackend()
      .register('machine.MachineService', {
        ...machineService(versionInfo(this.opts.platform), applier, this.opts.platform),
        ...logsHandlers(this.opts.logSources ?? new LogSources()),
        ...kubeconfigHandler(this.state),
      })
      .register('inspect.InspectService', inspectService(runtime))
      .register(
        'cosi.resource.State',
        cosiStateService(this.state, (type, value) => this.opts.schema.encode(type, value)),
      );
    const apid = new Apid({
      state: this.state,
      local,
      methods: this.opts.schema.methods,
      isLocalTarget: (t) => t === this.opts.listen || t === this.config?.hostname(),
      logger: log.child({ service: 'apid' }),
    });
    const apidDone = apid.run(signal);
    const trustd = new Trustd({
      state: this.state,
      listen: this.opts.listen,
      secrets: () => this.config && trustdSecretsFor(this.config, acceptedCAs(this.config), this.sans()),
      logger: log.child({ service: 'trustd' }),
    });
    const trustdDone = trustd.run(signal);
    signal.addEventListener('abort', () => this.workerCerts?.stop.abort(), { once: true });

    const persisted = await this.persistence.load();
    if (persisted) {
      try {
        const cfg = await parseConfig(persisted);
        log.info({ path: this.persistence.path }, 'loaded machine config from the state directory');
        await this.enterConfigured(cfg);
      } catch (e: unknown) {
        log.error(
          { error: e instanceof Error ? e.message : String(e) },
          'persisted machine config is invalid, ignoring it',
        );
      }
    }
    if (!this.config) await this.enterMaintenance();
    // The API comes up first; the controllers start from whatever the store holds by then.
    const controllersDone = runtime.run(signal);
    await Promise.all([apidDone, trustdDone, controllersDone]);
    await this.workerCerts?.done;
  }

  private sans(): CertSANs {
    const host = this.opts.listen;
    const ips = isIP(host) ? [host] : [];
    const dnsNames = isIP(host) ? [] : [host];
    for (const san of this.config?.machineCertSANs() ?? []) (isIP(san) ? ips : dnsNames).push(san);
    const hostname = this.config?.hostname();
    if (hostname) dnsNames.push(hostname);
    return { ips, dnsNames };
  }

  private apidAddress(): string {
    const host = this.opts.listen;
    return `${isIP(host) === 6 ? `[${host}]` : host}:${APID_PORT}`;
  }

  private async enterMaintenance(): Promise<void> {
    const log = this.opts.logger;
    const certs = await maintenanceCertificates(this.sans());
    await this.writeApi(certs, {
      nodeRoutingDisabled: true,
      readonlyRoleMode: true,
      skipVerifyingClientCert: true,
    });
    await this.setStatus({ stage: 'maintenance', status: { ready: false, unmetConditions: [] } });
    const node = this.opts.listen;
    log.info('entering maintenance service');
    log.info('this machine is reachable at:');
    log.info(`\t${node}`);
    log.info({ fingerprint: spkiFingerprint(certs.server.crt) }, 'server certificate issued');
    log.info('upload configuration using talosctl:');
    log.info(`\ttalosctl apply-config --insecure --nodes ${node} --file <config.yaml>`);
    log.info('optionally with node fingerprint check:');
    log.info(
      `\ttalosctl apply-config --insecure --nodes ${node} --cert-fingerprint '${spkiFingerprint(certs.server.crt)}' --file <config.yaml>`,
    );
  }

  /** Back to maintenance (a try-mode apply made in maintenance is rolled back). */
  private async leaveConfigured(): Promise<void> {
    await this.stopWorkerCertificates();
    this.config = undefined;
    this.certInputs = undefined;
    await this.destroyIfPresent(this.ptr(MachineConfigDefinition.type, 'config', MACHINE_CONFIG_ID));
    await this.enterMaintenance();
  }

  private async enterConfigured(cfg: MachineConfig): Promise<void> {
    this.config = cfg;
    await this.state.modify(
      this.ptr(MachineConfigDefinition.type, 'config', MACHINE_CONFIG_ID),
      () => ({ config: cfg }),
      { owner: OWNER },
    );
    const ca = cfg.machineCA();
    if (ca?.key) {
      await this.stopWorkerCertificates();
      // Re-issue only when what the certificate is made from changes (a same-config apply keeps apid up).
      const inputs = JSON.stringify([ca, acceptedCAs(cfg), this.sans()]);
      if (inputs !== this.certInputs) {
        const certs = await configuredCertificates(
          { crt: ca.crt, key: ca.key },
          acceptedCAs(cfg),
          this.sans(),
        );
        await this.writeApi(certs, {
          nodeRoutingDisabled: false,
          readonlyRoleMode: false,
          skipVerifyingClientCert: false,
        });
        this.certInputs = inputs;
      }
    } else {
      await this.startWorkerCertificates(cfg);
    }
    await this.setStatus({ stage: 'running', status: { ready: true, unmetConditions: [] } });
  }

  /**
   * A worker's config has the OS CA certificate but not its key: apid's certificate comes from
   * trustd on a control-plane node, and apid stays down until it has one (as in Talos).
   */
  private async startWorkerCertificates(cfg: MachineConfig): Promise<void> {
    const log = this.opts.logger;
    const request = workerRequestFor(cfg, acceptedCAs(cfg), this.sans());
    const inputs = JSON.stringify(['worker', request ?? null]);
    if (inputs === this.certInputs) return;
    await this.stopWorkerCertificates();
    this.certInputs = inputs;
    const certs = this.ptr(APICertificatesDefinition.type, 'secrets', API_CERTIFICATES_ID);
    await this.destroyIfPresent(certs);
    // the configured mode first, so that apid never serves the new certificate in maintenance mode
    await this.state.modify(
      this.ptr(APIServiceConfigDefinition.type, 'runtime', API_SERVICE_CONFIG_ID),
      (): APIServiceConfigSpec => ({
        listenAddress: this.apidAddress(),
        nodeRoutingDisabled: false,
        readonlyRoleMode: false,
        skipVerifyingClientCert: false,
      }),
      { owner: OWNER },
    );
    if (!request) {
      log.error(
        'no machine.token, machine.ca.crt or cluster.controlPlane.endpoint: apid cannot get a certificate',
      );
      return;
    }
    log.info(
      { endpoint: request.endpoint },
      'no OS CA key in the machine config: asking trustd for a certificate',
    );
    const stop = new AbortController();
    const done = keepWorkerCertificates(
      { ...request, logger: log.child({ controller: 'secrets.APIController' }) },
      async (spec) => {
        await this.state.modify(certs, () => spec, { owner: OWNER });
      },
      stop.signal,
    ).catch((e: unknown) =>
      log.error({ error: e instanceof Error ? e.message : String(e) }, 'worker certificates failed'),
    );
    this.workerCerts = { stop, done };
  }

  private async stopWorkerCertificates(): Promise<void> {
    const running = this.workerCerts;
    this.workerCerts = undefined;
    running?.stop.abort();
    await running?.done;
  }

  private async writeApi(
    certs: APICertsSpec,
    mode: Omit<APIServiceConfigSpec, 'listenAddress'>,
  ): Promise<void> {
    await this.state.modify(
      this.ptr(APICertificatesDefinition.type, 'secrets', API_CERTIFICATES_ID),
      () => certs,
      { owner: OWNER },
    );
    await this.state.modify(
      this.ptr(APIServiceConfigDefinition.type, 'runtime', API_SERVICE_CONFIG_ID),
      (): APIServiceConfigSpec => ({ listenAddress: this.apidAddress(), ...mode }),
      { owner: OWNER },
    );
  }

  private async setStatus(spec: MachineStatusSpec): Promise<void> {
    await this.state.modify(
      this.ptr(MachineStatusDefinition.type, 'runtime', MACHINE_STATUS_ID),
      () => spec,
      { owner: OWNER },
    );
  }

  private async destroyIfPresent(p: ResourcePointer): Promise<void> {
    try {
      await this.state.destroy(p, { owner: OWNER });
    } catch (e: unknown) {
      if (!isNotFoundError(e)) throw e;
    }
  }

  private ptr(type: string, namespace: string, id: string): ResourcePointer {
    return { namespace, type, id };
  }
}

/** `machine.acceptedCAs`, decoded to PEM text. */
function acceptedCAs(cfg: MachineConfig): string[] {
  return (cfg.v1alpha1()?.machine?.acceptedCAs ?? []).flatMap((c) =>
    c.crt ? [Buffer.from(c.crt, 'base64').toString()] : [],
  );
}
