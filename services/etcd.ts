// The etcd service (Talos services.Etcd) on control plane nodes: the pre step writes the etcd PKI,
// prepares the data directory and picks how etcd starts — a new cluster when bootstrap was requested,
// the existing data directory, or joining through a running member as a learner promoted once it has
// caught up. etcd runs as a process (restarted forever); its health is Talos's quorum check.
import { serviceEnvironment } from './machine-env';
import { execFile } from 'node:child_process';
import { chmod, mkdir, readdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { EtcdClient } from '../src/etcd/client';
import { isPermissionDenied } from '../src/etcd/errors';
import {
  controlPlaneEndpoints,
  ETCD_PEER_PORT,
  ETCD_ROOT,
  ETCD_SECRETS,
  ETCD_SPEC,
  etcdClientTLS,
  getSpec,
  localClient,
} from '../src/etcd/local';
import type { MachineTypeName } from '../src/resources/config/machine-type';
import type { EtcdSpecSpec } from '../src/resources/etcd/spec';
import type { EtcdRootSpec } from '../src/resources/secrets/etcd-root';
import type { EtcdCertsSpec } from '../src/resources/secrets/etcd-secrets';
import type { State } from '../src/state';
import { ProcessRunner, serviceLogFile, type ProcessRunnerOptions } from '../src/system/process-runner';
import { RestartRunner } from '../src/system/restart-runner';
import type { Condition, Runner, Service, ServiceContext } from '../src/system/service';
import {
  bindToAdvertised,
  etcdArgs,
  etcdURLs,
  parseEtcdVersion,
  type EtcdStartMode,
  type EtcdVersion,
} from './etcd-args';
import { etcdCondition, isControlPlane, MACHINE_TYPE } from './etcd-condition';
import {
  buildInitialCluster,
  promoteLearner,
  TALOS_JOIN_TIMING,
  type JoinContext,
  type JoinTiming,
} from './etcd-join';
import { etcdPaths, type EtcdPaths } from './etcd-paths';
import { writeEtcdPKI } from './etcd-pki';
import { recoverFromSnapshot } from './etcd-recover';
import { errorMessage } from '../src/error-message';

export const ETCD_SERVICE_ID = 'etcd';

/** Talos's cipher suites for etcd (TLS 1.2). */
const CIPHER_SUITES = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
].join(',');

export interface EtcdServiceOptions {
  /** The etcd binary (default: $TALOS_TS_ETCD_BIN, else /usr/bin/etcd). */
  readonly etcdBin?: string;
  /** etcdctl, for snapshot recovery (default: $TALOS_TS_ETCDCTL_BIN, else /usr/bin/etcdctl). */
  readonly etcdctlBin?: string;
  /**
   * Agents sharing one host on 127.0.0.x (the container platform): listen on the advertised addresses
   * instead of 0.0.0.0/::, and skip etcd's peer source-address check (peers connect from 127.0.0.1).
   * Talos listens where the spec says.
   */
  readonly bindToAdvertised?: boolean;
  /** The control plane's etcd endpoints to join through (default: controlPlaneEndpoints). */
  readonly endpoints?: (state: State) => Promise<string[]>;
  readonly timing?: Partial<JoinTiming>;
  /** How the etcd process is run (default: ProcessRunner). */
  readonly processRunner?: (opts: ProcessRunnerOptions) => Runner;
  /** Pause between restarts of etcd (default: RestartRunner's 5 s). */
  readonly restartIntervalMs?: number;
}

/** What `talosctl bootstrap` asks for (machine.BootstrapRequest). */
export interface EtcdBootstrapRequest {
  readonly recoverEtcd: boolean;
  readonly recoverSkipHashCheck: boolean;
}

/** How this start begins, from the data directory and the request (Talos argsForControlPlane). */
export function decideStartMode(i: {
  readonly dataDirEmpty: boolean;
  readonly bootstrap: boolean;
  readonly machineType: MachineTypeName;
  readonly extraArgs: Readonly<Record<string, unknown>>;
}): 'bootstrap' | 'join' | 'existing' {
  if (!i.dataDirEmpty) return 'existing';
  // The (deprecated) init node always starts a new cluster from an empty data directory.
  if (i.bootstrap || i.machineType === 'init') return 'bootstrap';
  return 'join';
}

export async function isDirEmpty(path: string): Promise<boolean> {
  return (await readdir(path)).length === 0;
}

export class EtcdService implements Service {
  readonly id = ETCD_SERVICE_ID;

  private readonly etcdBin: string;
  private readonly etcdctlBin: string;
  private readonly timing: JoinTiming;
  private bootstrapRequested = false;
  private recover: EtcdBootstrapRequest | undefined;
  private args: string[] = [];
  private learnerID: string | undefined;
  private promotion: { abort: AbortController; done: Promise<void> } | undefined;
  private client: EtcdClient | undefined;
  private version: EtcdVersion | undefined;

  constructor(private readonly opts: EtcdServiceOptions = {}) {
    this.etcdBin = opts.etcdBin ?? process.env['TALOS_TS_ETCD_BIN'] ?? '/usr/bin/etcd';
    this.etcdctlBin = opts.etcdctlBin ?? process.env['TALOS_TS_ETCDCTL_BIN'] ?? '/usr/bin/etcdctl';
    this.timing = { ...TALOS_JOIN_TIMING, ...opts.timing };
  }

  /** The next start begins a new cluster (recovering from the uploaded snapshot if asked). */
  requestBootstrap(req: EtcdBootstrapRequest): void {
    this.bootstrapRequested = true;
    this.recover = req.recoverEtcd ? req : undefined;
  }

  /** What a reboot loses: a bootstrap or recovery asked for before it is not carried over. */
  forgetRequests(): void {
    this.bootstrapRequested = false;
    this.recover = undefined;
  }

  /** The arguments the last pre step chose (after the binary). */
  get lastArgs(): readonly string[] {
    return this.args;
  }

  dependsOn(): readonly string[] {
    return [];
  }

  condition(ctx: ServiceContext): Condition {
    return etcdCondition(ctx.state);
  }

  async pre(ctx: ServiceContext, signal: AbortSignal): Promise<void> {
    this.learnerID = undefined;
    const type = await getSpec<MachineTypeName>(ctx.state, MACHINE_TYPE);
    if (!isControlPlane(type)) return;
    const raw = await getSpec<EtcdSpecSpec>(ctx.state, ETCD_SPEC);
    const root = await getSpec<EtcdRootSpec>(ctx.state, ETCD_ROOT);
    const certs = await getSpec<EtcdCertsSpec>(ctx.state, ETCD_SECRETS);
    if (!raw) throw new Error('failed to get etcd spec: resource not found');
    if (!root || !certs) throw new Error('failed to generate etcd PKI: etcd secrets are not available');
    const spec = this.opts.bindToAdvertised ? bindToAdvertised(raw) : raw;
    const paths = etcdPaths(ctx.rootDir);
    await writeEtcdPKI(paths, root, certs);
    await mkdir(paths.dataDir, { recursive: true, mode: 0o700 });
    await chmod(paths.dataDir, 0o700);
    this.version ??= await etcdVersion(this.etcdBin);

    if (this.recover) {
      await recoverFromSnapshot({
        etcdctl: this.etcdctlBin,
        paths,
        spec,
        skipHashCheck: this.recover.recoverSkipHashCheck,
        logger: ctx.logger,
      });
      this.recover = undefined;
    }

    const kind = decideStartMode({
      dataDirEmpty: await isDirEmpty(paths.dataDir),
      bootstrap: this.bootstrapRequested,
      machineType: type ?? 'unknown',
      extraArgs: spec.extraArgs,
    });
    const mode = await this.startMode(ctx, spec, kind, signal);
    this.args = etcdArgs({
      spec,
      paths,
      mode,
      version: this.version,
      sharedHost: this.opts.bindToAdvertised,
    });
  }

  private async startMode(
    ctx: ServiceContext,
    spec: EtcdSpecSpec,
    kind: 'bootstrap' | 'join' | 'existing',
    signal: AbortSignal,
  ): Promise<EtcdStartMode> {
    // An explicit initial cluster in the extra args: start with it, no learner dance.
    if (kind !== 'join' || Object.hasOwn(spec.extraArgs, 'initial-cluster'))
      return kind === 'join' ? { kind, initialCluster: '' } : { kind };
    const joined = await buildInitialCluster(
      this.joinContext(ctx, spec),
      spec.name,
      etcdURLs(spec.advertisedAddresses, ETCD_PEER_PORT),
      signal,
    ).catch((e: unknown) => {
      throw new Error(`failed to build initial etcd cluster: ${errorMessage(e)}`, {
        cause: e,
      });
    });
    this.learnerID = joined.learnerID;
    return { kind: 'join', initialCluster: joined.initialCluster };
  }

  private joinContext(ctx: ServiceContext, spec: EtcdSpecSpec): JoinContext {
    return {
      endpoints: () => (this.opts.endpoints ?? controlPlaneEndpoints)(ctx.state),
      tls: () => etcdClientTLS(ctx.state),
      timing: this.timing,
      logger: ctx.logger,
      nodeAddresses: () => spec.advertisedAddresses,
    };
  }

  runner(ctx: ServiceContext): Promise<Runner | undefined> {
    return this.makeRunner(ctx);
  }

  private async makeRunner(ctx: ServiceContext): Promise<Runner | undefined> {
    const type = await getSpec<MachineTypeName>(ctx.state, MACHINE_TYPE);
    if (!isControlPlane(type)) return undefined;
    const spec = await getSpec<EtcdSpecSpec>(ctx.state, ETCD_SPEC);
    if (this.learnerID !== undefined && spec) this.startPromotion(ctx, spec, this.learnerID);
    const options: ProcessRunnerOptions = {
      id: this.id,
      args: [this.etcdBin, ...this.args],
      // Talos: machine.env (proxies) for etcd too.
      env: { ...(await serviceEnvironment(ctx.state, ctx.rootDir)), ETCD_CIPHER_SUITES: CIPHER_SUITES },
      logs: ctx.logs,
      logFile: serviceLogFile(ctx.rootDir, this.id),
      oomScoreAdj: -998,
    };
    const process = this.opts.processRunner?.(options) ?? new ProcessRunner(options);
    return new RestartRunner(process, { policy: 'Forever', restartIntervalMs: this.opts.restartIntervalMs });
  }

  private startPromotion(ctx: ServiceContext, spec: EtcdSpecSpec, memberID: string): void {
    const abort = new AbortController();
    const done = promoteLearner(this.joinContext(ctx, spec), memberID, abort.signal).then(
      () => ctx.logger.info('successfully promoted etcd member'),
      (e: unknown) => {
        if (!abort.signal.aborted) ctx.logger.warn({ error: errorMessage(e) }, 'failed promoting member');
      },
    );
    this.promotion = { abort, done };
  }

  async post(): Promise<void> {
    const p = this.promotion;
    this.promotion = undefined;
    if (p) {
      p.abort.abort();
      await p.done;
    }
    this.client?.close();
    this.client = undefined;
  }

  readonly health = {
    settings: { initialDelayMs: 5000, periodMs: 20_000, timeoutMs: 15_000 },
    check: async (ctx: ServiceContext, signal: AbortSignal): Promise<void> => {
      this.client ??= await localClient(ctx.state);
      await validateQuorum(this.client, signal);
    },
  };
}

/** Talos ValidateQuorum: a linearizable read of "health" (permission denied still proves quorum). */
export async function validateQuorum(client: EtcdClient, signal: AbortSignal): Promise<void> {
  try {
    await client.get('health', { signal, timeoutMs: 15_000 });
  } catch (e: unknown) {
    if (!isPermissionDenied(e)) throw e;
  }
}

async function etcdVersion(bin: string): Promise<EtcdVersion | undefined> {
  try {
    const { stdout } = await promisify(execFile)(bin, ['--version']);
    return parseEtcdVersion(stdout);
  } catch (e: unknown) {
    if (e instanceof Error) return undefined;
    throw e;
  }
}

export type { EtcdPaths };
