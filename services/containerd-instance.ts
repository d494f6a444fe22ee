// One containerd process under the supervisor (what Talos's Containerd and CRI services share): the pre
// step writes its config and directories under the root directory, the runner is the containerd binary
// restarted forever, and health is a grpc.health.v1 check over its unix socket. Without the binary the
// service is skipped, saying so in its log.
import { constants } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ContainerdClient } from '../src/containerd/client';
import { DEFAULT_HEALTH_SETTINGS } from '../src/system/health';
import { ProcessRunner, serviceLogFile, type ProcessRunnerOptions } from '../src/system/process-runner';
import { RestartRunner } from '../src/system/restart-runner';
import type { Runner, Service, ServiceContext } from '../src/system/service';
import type { ContainerdPaths } from './containerd-config';
import { serviceEnvironment } from './machine-env';

export const DEFAULT_CONTAINERD_BIN = '/usr/bin/containerd';

/** The containerd binary: $TALOS_TS_CONTAINERD_BIN, else /usr/bin/containerd. */
export const containerdBin = (): string => process.env['TALOS_TS_CONTAINERD_BIN'] ?? DEFAULT_CONTAINERD_BIN;

export interface ContainerdInstanceOptions {
  readonly id: string;
  readonly paths: (rootDir: string) => ContainerdPaths;
  readonly render: (paths: ContainerdPaths, rootDir: string) => string | Promise<string>;
  /** containerd's arguments after the binary. */
  readonly args: (paths: ContainerdPaths) => string[];
  readonly oomScoreAdj: number;
  /** Default: containerdBin(). */
  readonly bin?: string;
  readonly restartIntervalMs?: number;
}

export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export class ContainerdInstance implements Service {
  readonly id: string;
  private client: ContainerdClient | undefined;

  constructor(private readonly opts: ContainerdInstanceOptions) {
    this.id = opts.id;
  }

  get bin(): string {
    return this.opts.bin ?? containerdBin();
  }

  /** The socket this instance serves under a root directory. */
  socket(rootDir: string): string {
    return this.opts.paths(rootDir).socket;
  }

  dependsOn(): readonly string[] {
    return [];
  }

  async pre(ctx: ServiceContext): Promise<void> {
    if (!(await isExecutable(this.bin))) return;
    const paths = this.opts.paths(ctx.rootDir);
    await mkdir(paths.root, { recursive: true, mode: 0o711 });
    await mkdir(paths.state, { recursive: true, mode: 0o711 });
    await mkdir(dirname(paths.socket), { recursive: true });
    await mkdir(dirname(paths.config), { recursive: true });
    await writeFile(paths.config, await this.opts.render(paths, ctx.rootDir), { mode: 0o644 });
  }

  async runner(ctx: ServiceContext): Promise<Runner | undefined> {
    if (!(await isExecutable(this.bin))) {
      const message = `containerd binary ${this.bin} not found (set TALOS_TS_CONTAINERD_BIN), skipping the ${this.id} service`;
      ctx.logger.warn({ service: this.id }, message);
      ctx.logs.source(this.id).append(Buffer.from(`[talos] ${message}\n`));
      return undefined;
    }
    const paths = this.opts.paths(ctx.rootDir);
    const options: ProcessRunnerOptions = {
      id: this.id,
      args: [this.bin, ...this.opts.args(paths)],
      // Talos: machine.env (proxies) and XDG_RUNTIME_DIR=/run.
      env: {
        ...(await serviceEnvironment(ctx.state, ctx.rootDir)),
        XDG_RUNTIME_DIR: join(ctx.rootDir, 'run'),
      },
      logs: ctx.logs,
      logFile: serviceLogFile(ctx.rootDir, this.id),
      oomScoreAdj: this.opts.oomScoreAdj,
    };
    return new RestartRunner(new ProcessRunner(options), {
      policy: 'Forever',
      restartIntervalMs: this.opts.restartIntervalMs,
    });
  }

  post(): Promise<void> {
    this.client?.close();
    this.client = undefined;
    return Promise.resolve();
  }

  readonly health = {
    settings: DEFAULT_HEALTH_SETTINGS,
    check: async (ctx: ServiceContext, signal: AbortSignal): Promise<void> => {
      this.client ??= new ContainerdClient(this.socket(ctx.rootDir));
      const status = await this.client.health({ signal });
      if (status !== 'SERVING') throw new Error(`unexpected serving status: ${status}`);
    },
  };
}
