// machined: owns the resource store and the machine config, and moves the node between
// maintenance (no config) and configured. It writes the MachineConfig resource and the lifecycle
// stage; controllers turn them into apid's certificates and mode, which apid follows.
import { dirname, join } from 'node:path';
import type { MachineConfig } from '../../config';
import { LoggedBackend } from '../../grpc/logged-backend';
import { MACHINE_CONFIG, PERSISTENT_MACHINE_CONFIG_ID } from '../../resources/config/machine-config';
import { controllers } from '../../../controllers';
import { MachineStages } from '../../events/machine-stages';
import { ControllerRuntime } from '../../controller-runtime';
import { isNotFoundError, MemoryState } from '../../state';
import { Apid, APID_PORT } from '../apid/apid';
import { Trustd, trustdSecretsFor } from '../trustd/trustd';
import { ConfigApplier } from './config-applier';
import { ConfigPersistence } from './config-persistence';
import { parseConfig } from './load-config';
import { loadOrCreateNodeId } from './node-identity';
import { NodeServices } from './node-services';
import { EtcdService } from '../../../services/etcd';
import { etcdBootstrapper } from '../../../services/etcd-bootstrap';
import { containerdService } from '../../../services/containerd';
import { criService } from '../../../services/cri';
import { machinedApi } from './api';
import { runCommand } from '../../install/command';
import { leaveEtcdCluster } from './api/etcd-api';
import { Sequencer } from '../../sequencer/sequencer';
import { bootPhases } from '../../sequencer/sequences';
import { ContainerLifecycle } from './container-lifecycle';
import { metalReboot, metalReset, metalUpgrade } from './metal-lifecycle';
import { stagesFollowSequences } from './sequence-stages';
import { BootId, BOOT_ID_PATH } from './boot-id';
import { resetPlan, type ResetRequest } from './reset';
import type { ServiceControl } from '../../system';
import { registerDefinitions } from './register-definitions';
import { EventStream } from '../../events/event-stream';
import { LogSources } from '../../system/logs';
import { publishMetaKeys } from './api/meta-api';
import { TALOS_VERSION, versionInfo } from './version-info';
import { errorMessage } from '../../error-message';
import { IprouteKernel } from '../../network/kernel/kernel';
import { checkNetworkReferences } from './network-check';
import { ShutdownHooks } from '../../system/shutdown-hooks';
import { hasOwnNetworkNamespace } from '../../network/kernel/namespace';
import { insideNodeSandbox } from '../../platform/container/node-sandbox';
import { volumeResourceWriter } from './volume-resources';
import type { MachinedOptions } from './machined-options';

export type { MachinedOptions } from './machined-options';

const OWNER = 'machined';
const PERSISTENT_CONFIG = { ...MACHINE_CONFIG, id: PERSISTENT_MACHINE_CONFIG_ID };

export class Machined {
  readonly state = new MemoryState();
  readonly stages = new MachineStages('booting');
  readonly events = new EventStream();
  readonly sequencer: Sequencer;
  readonly bootId = new BootId();
  private readonly persistence: ConfigPersistence;
  private config: MachineConfig | undefined;
  private services: NodeServices | undefined;

  constructor(private readonly opts: MachinedOptions) {
    this.persistence = new ConfigPersistence(opts.persistDir ?? opts.stateDir);
    this.sequencer = new Sequencer(this.events.publish, opts.logger);
    stagesFollowSequences(this.sequencer, this.stages);
  }

  async run(signal: AbortSignal): Promise<void> {
    const log = this.opts.logger;
    const listen = this.opts.listen;
    await registerDefinitions(this.state);
    if (this.opts.meta) await publishMetaKeys(this.state, this.opts.meta);
    this.opts.volumes?.subscribe(volumeResourceWriter(this.state, log));

    const applier = new ConfigApplier({
      check: (cfg) => checkNetworkReferences(this.state, cfg),
      persist: async (cfg) => {
        await this.opts.installer?.check(cfg);
        await this.opts.volumes?.check(cfg);
        await this.persist(cfg);
      },
      current: () => this.config,
      activate: (cfg) => this.enterConfigured(cfg),
      deactivate: () => this.leaveConfigured(),
      reboot: this.opts.power ? () => this.opts.power?.reboot() : undefined,
      platform: this.opts.platform,
      logger: log,
      signal,
    });
    const logs = this.opts.logSources ?? new LogSources();
    const runtime = new ControllerRuntime(this.state, { logger: this.opts.controllerLogger ?? log });
    const shutdown = new ShutdownHooks();
    const nodeId = await loadOrCreateNodeId(this.opts.persistDir ?? this.opts.stateDir);
    const options = {
      nodeId,
      addresses: [listen],
      rootDir: this.opts.stateDir,
      stages: this.stages,
      version: TALOS_VERSION,
      publish: this.events.publish,
      // a node sandbox's network namespace is always the node's own, though its PID 1 (the node's init) shares it
      network: new IprouteKernel(
        this.opts.platform === 'metal' || insideNodeSandbox() || (await hasOwnNetworkNamespace()),
      ),
      networkSources: this.opts.networkSources,
      shutdown,
      platform: this.opts.platform,
      bundleSBOM: join(dirname(process.argv[1] ?? '.'), 'sbom.json'),
    };
    for (const controller of controllers(options)) runtime.register(controller);
    // Several agents may share a host in container mode: etcd binds the node's own address only.
    const etcd = new EtcdService({
      // agents sharing the host's network bind to their own addresses; a sandboxed node has its own
      bindToAdvertised: this.opts.platform === 'container' && !insideNodeSandbox(),
    });
    const supervisor: Pick<ServiceControl, 'start' | 'stop'> = {
      start: (id) => this.supervisor().start(id),
      stop: (id) => this.supervisor().stop(id),
    };
    const etcdApi = {
      state: this.state,
      rootDir: this.opts.stateDir,
      stopEtcd: () => supervisor.stop('etcd'),
    };
    const container = this.opts.platform === 'container';
    const lifecycle = new ContainerLifecycle(this.sequencer, {
      rootDir: this.opts.stateDir,
      publish: this.events.publish,
      isControlPlane: () => this.isControlPlane(),
      leaveEtcd: (s) => this.leaveEtcd(etcdApi, s),
      stopAllServices: () => this.services?.stopAllButMachined() ?? Promise.resolve(),
      wipeState: () => this.wipeState(),
      forgetBoot: () => {
        etcd.forgetRequests();
        applier.cancelRollback();
        this.events.restart();
        this.bootId.renew();
        return Promise.resolve();
      },
      loadConfig: () => this.loadPersisted(),
      startAllServices: () => this.services?.start({ maintenance: !this.config }) ?? Promise.resolve(),
      log: (msg) => log.info(msg),
    });
    const power = this.opts.power;
    const local = machinedApi({
      platform: this.opts.platform,
      version: versionInfo(this.opts.platform),
      state: this.state,
      rootDir: this.opts.stateDir,
      virtualFiles: new Map(container ? [[BOOT_ID_PATH, () => `${this.bootId.current}\n`]] : []),
      fileRoot: insideNodeSandbox() ? '/' : this.opts.stateDir,
      applier,
      config: () => this.config,
      power,
      reboot: container
        ? (actorId) => lifecycle.reboot(actorId)
        : power && ((actorId) => metalReboot(this.sequencer, actorId, () => power.reboot())),
      meta: this.opts.meta,
      upgrader: this.opts.upgrader,
      upgradeSequence: (actorId, upgrade) => metalUpgrade(this.sequencer, actorId, upgrade),
      logs,
      events: this.events,
      encode: (type, value) => this.opts.schema.encode(type, value),
      services: () => this.services?.supervisor,
      etcd: etcdApi,
      bootstrapEtcd: etcdBootstrapper(etcd, supervisor, this.opts.stateDir),
      prepareReset: (req) => this.prepareReset(req, etcdApi, lifecycle),
      runtime,
      route: () => apid.nodeRoute(),
      run: runCommand,
      logger: log,
    });
    const apid = new Apid({
      state: this.state,
      local: new LoggedBackend(local, (line) => log.info(line)),
      methods: this.opts.schema.methods,
      addresses: [listen],
      logger: this.opts.serviceLogger?.('apid') ?? log.child({ service: 'apid' }),
    });
    const trustd = new Trustd({
      state: this.state,
      listen,
      secrets: () => this.config && trustdSecretsFor(this.config, listen),
      logger: this.opts.serviceLogger?.('trustd') ?? log.child({ service: 'trustd' }),
    });

    this.services = new NodeServices({
      context: { state: this.state, logs, rootDir: this.opts.stateDir, logger: log },
      publish: this.events.publish,
      apid,
      apidHost: listen,
      apidPort: APID_PORT,
      trustd,
      controlPlane: [etcd],
      system: this.opts.systemServices === false ? [] : [containerdService()],
      configured: [criService()],
    });
    // The controllers start from the mode already in the store: a configured node never passes
    // through maintenance certificates.
    const stopped = new Promise<void>((resolve) =>
      signal.addEventListener('abort', () => resolve(shutdown.run(5_000).then(() => this.services?.stop())), {
        once: true,
      }),
    );
    // The first boot runs as Talos's boot sequence too (talosctl and Talos's tests wait for its end).
    const services = this.services;
    await this.sequencer.run(
      'boot',
      bootPhases({
        loadConfig: () => this.loadAtStart(),
        startAllServices: () => services.start({ maintenance: !this.config }),
      }),
    );
    await Promise.all([runtime.run(signal), stopped]);
  }

  /** The config at start: the one kept in STATE, else the platform's (metal), else maintenance. */
  private async loadAtStart(): Promise<void> {
    const log = this.opts.logger;
    const persisted = await this.persistence.load();
    if (persisted) {
      try {
        const cfg = await parseConfig(persisted);
        log.info({ path: this.persistence.path }, 'loaded machine config from the state directory');
        await this.setPersistent(cfg);
        await this.enterConfigured(cfg);
      } catch (e: unknown) {
        log.error({ error: errorMessage(e) }, 'persisted machine config is invalid, ignoring it');
      }
    }
    if (!this.config && this.opts.initialConfig) await this.applyInitial(this.opts.initialConfig);
    if (!this.config) this.enterMaintenance();
  }

  /** The reset to run: on metal the platform wipes its disks once stopped, elsewhere the state is reset. */
  private prepareReset(
    req: ResetRequest,
    etcdApi: Parameters<typeof leaveEtcdCluster>[0],
    lifecycle: ContainerLifecycle,
  ): (actorId: string) => Promise<void> {
    const wipeAndPower = this.opts.machineReset?.(req);
    this.opts.logger.info('reset request received');
    if (!wipeAndPower) return (actorId) => lifecycle.reset(req, actorId);
    const leave = resetPlan(req, this.isControlPlane()).leaveEtcd;
    return (actorId) =>
      metalReset(this.sequencer, actorId, {
        leaveEtcd: leave ? (s) => this.leaveEtcd(etcdApi, s) : undefined,
        wipeAndPower,
      });
  }

  private isControlPlane(): boolean {
    return ['controlplane', 'init'].includes(this.config?.machineType() ?? '');
  }

  /** A graceful reset's first step: this member leaves etcd (nothing to do when etcd is not running). */
  private async leaveEtcd(
    etcdApi: Parameters<typeof leaveEtcdCluster>[0],
    signal: AbortSignal,
  ): Promise<void> {
    if (this.supervisor().info('etcd')?.state !== 'Running') {
      this.opts.logger.info('etcd is not running, skipping leaving the cluster');
      return;
    }
    await leaveEtcdCluster(etcdApi, signal);
  }

  /** Forgets the persisted config (STATE). */
  private async wipeState(): Promise<void> {
    await this.persistence.remove();
    await this.state.destroy(PERSISTENT_CONFIG, { owner: OWNER }).catch((e: unknown) => {
      if (!isNotFoundError(e)) throw e;
    });
  }

  /** The boot after a stand-in reboot: the config kept in STATE, or maintenance without one. */
  private async loadPersisted(): Promise<void> {
    const persisted = await this.persistence.load();
    if (persisted) await this.enterConfigured(await parseConfig(persisted));
    else await this.leaveConfigured();
  }

  /** A config acquired at boot (metal `talos.config=`): persisted and activated, as Talos does. */
  private async applyInitial(bytes: Buffer): Promise<void> {
    const log = this.opts.logger;
    try {
      const cfg = await parseConfig(bytes);
      await this.persist(cfg);
      log.info({ path: this.persistence.path }, 'machine config from the platform saved');
      await this.enterConfigured(cfg);
    } catch (e: unknown) {
      log.error({ error: errorMessage(e) }, 'machine config from the platform is invalid');
    }
  }

  private supervisor(): ServiceControl {
    if (!this.services) throw new Error('services are not started yet');
    return this.services.supervisor;
  }

  /** On disk first (atomically), then the `persistent` MachineConfig shows it. */
  private async persist(cfg: MachineConfig): Promise<void> {
    await this.persistence.save(cfg.bytes());
    await this.setPersistent(cfg);
  }

  private async setPersistent(cfg: MachineConfig): Promise<void> {
    await this.state.modify(PERSISTENT_CONFIG, () => ({ config: cfg }), { owner: OWNER });
  }

  private enterMaintenance(): void {
    this.opts.logger.info('entering maintenance service');
    this.stages.set('maintenance');
  }

  /** Back to maintenance (a try-mode apply made in maintenance is rolled back). */
  private async leaveConfigured(): Promise<void> {
    this.config = undefined;
    try {
      await this.state.destroy(MACHINE_CONFIG, { owner: OWNER });
    } catch (e: unknown) {
      if (!isNotFoundError(e)) throw e;
    }
    this.enterMaintenance();
  }

  private async enterConfigured(cfg: MachineConfig): Promise<void> {
    this.config = cfg;
    await this.state.modify(MACHINE_CONFIG, () => ({ config: cfg, source: cfg.sourceText() }), {
      owner: OWNER,
    });
    const installer = this.opts.installer;
    if (installer?.needsInstall(cfg)) {
      // As Talos's boot sequence: install first, then reboot into the installed system.
      this.stages.set('installing');
      void installer
        .install(cfg)
        .then(async (installed) => {
          if (!installed && this.config === cfg) await this.runConfigured(cfg);
        })
        .catch((e: unknown) =>
          this.opts.logger.error({ error: errorMessage(e) }, 'starting services failed'),
        );
      return;
    }
    await this.runConfigured(cfg);
  }

  private async runConfigured(cfg: MachineConfig): Promise<void> {
    const volumes = this.opts.volumes;
    if (volumes && !(await volumes.configure(cfg))) {
      // As Talos, whose boot waits for it: nothing that keeps data in /var starts on a tmpfs instead.
      this.opts.logger.error('EPHEMERAL is not mounted; the configured services wait (see get volumestatus)');
      return;
    }
    this.stages.set('running');
    // machine.files before the services that read them (the CRI config parts, static pod manifests).
    const { writeUserFiles } = await import('./user-files');
    for (const e of await writeUserFiles(this.opts.stateDir, cfg))
      this.opts.logger.error({ error: e.message }, 'writing machine.files failed');
    await this.services?.configured(cfg);
    // Up and configured after an upgrade: the slot it came from is no longer needed for a revert.
    await this.opts.upgrader
      ?.dropFallback()
      .catch((e: unknown) => this.opts.logger.warn({ error: errorMessage(e) }, 'updating META failed'));
  }
}
