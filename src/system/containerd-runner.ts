// Runs a service as a container in containerd (Talos's containerd runner): from an image already in
// containerd, a leftover container, task or snapshot of the same id is removed, a snapshot is prepared on
// the image's layers, the container is created with the generated OCI spec and its task started with
// stdout/stderr appended by the shim to the service's log file (file:// URIs), which is followed into the
// service's log source. It waits for the task to exit; stop is SIGTERM to all its processes, SIGKILL
// after the grace period. Each run ends by deleting the task, the container and the snapshot.
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ContainerdClient, DEFAULT_SNAPSHOTTER, isNotFound } from '../containerd/client';
import { resolveImage, type ResolvedImage } from '../containerd/image';
import type { Logger } from '../log';
import { containerSpec, type ContainerSpecOptions } from './containerd-runner-spec';
import { processCaps } from './process-caps';
import { sleep } from './health';
import { errorMessage } from '../error-message';
import { LastLog } from './last-log';
import type { LogSources } from './logs';
import { DEFAULT_GRACE_MS } from './process-runner';
import type { Runner, RunnerEventSink } from './service';

export interface ContainerdRunnerOptions {
  /** The service id: the container, task and snapshot id, and the log source. */
  readonly id: string;
  /** The containerd socket (the system instance's for Talos's services). */
  readonly socket: string;
  /** The containerd namespace (Talos: `system`). */
  readonly namespace: string;
  /** The image's name in containerd (a reference or its digest name). */
  readonly image: string;
  /** The container's process, namespaces, mounts, cgroup (the image config comes from the image). */
  readonly spec: Omit<ContainerSpecOptions, 'imageConfig'>;
  readonly logs: LogSources;
  /** The shim appends the task's output here; it is followed into the log source. */
  readonly logFile: string;
  /** Between SIGTERM and SIGKILL (default 10 s). */
  readonly graceMs?: number;
  readonly snapshotter?: string;
  readonly logger?: Logger;
  /** How the containerd client is made (tests); default a client of `socket` and `namespace`. */
  readonly client?: () => ContainerdClient;
}

const SIGTERM = 15;
const SIGKILL = 9;
/** How often the log file is looked at for new output. */
const LOG_POLL_MS = 100;
/** Marks the prepared snapshot as in use until the container references it (no GC in between). */
const GC_ROOT_LABEL = 'containerd.io/gc.root';

export class ContainerdRunner implements Runner {
  private current: { stop: AbortController; done: Promise<void>; pid?: number } | undefined;

  constructor(private readonly opts: ContainerdRunnerOptions) {}

  get pid(): number | undefined {
    return this.current?.pid;
  }

  describe(): string {
    return `Containerd(${this.opts.id})`;
  }

  run(onRunning: (message?: string) => void, record: RunnerEventSink = () => undefined): Promise<void> {
    const attempt: { stop: AbortController; done: Promise<void>; pid?: number } = {
      stop: new AbortController(),
      done: Promise.resolve(),
    };
    this.current = attempt;
    attempt.done = this.runAttempt(attempt, onRunning, record).finally(() => {
      if (this.current === attempt) this.current = undefined;
    });
    return attempt.done;
  }

  async stop(): Promise<void> {
    const attempt = this.current;
    if (!attempt) return;
    attempt.stop.abort();
    await attempt.done.catch(() => undefined);
  }

  private async runAttempt(
    attempt: { stop: AbortController; pid?: number },
    onRunning: (message?: string) => void,
    record: RunnerEventSink,
  ): Promise<void> {
    const { id } = this.opts;
    const client = this.opts.client?.() ?? new ContainerdClient(this.opts.socket, this.opts.namespace);
    const stop = attempt.stop.signal;
    let tail: FileTail | undefined;
    try {
      const image = await resolveImage(client, this.opts.image);
      await removeLeftovers(client, id, this.snapshotter);
      if (stop.aborted) return;
      const rootfs = await client.prepareSnapshot({
        snapshotter: this.snapshotter,
        key: id,
        parent: image.chainId,
        labels: { [GC_ROOT_LABEL]: new Date().toISOString() },
      });
      try {
        await client.createContainer({
          id,
          image: image.name,
          spec: containerSpec(await this.specOptions(image.config)),
          snapshotter: this.snapshotter,
          snapshotKey: id,
        });
      } catch (e: unknown) {
        throw new Error(`failed to create container ${JSON.stringify(id)}: ${errorMessage(e)}`, { cause: e });
      }
      if (stop.aborted) return;

      const lastLog = new LastLog();
      tail = await this.followLog(lastLog);
      const uri = `file://${this.opts.logFile}`;
      try {
        await client.createTask({ containerId: id, rootfs, stdout: uri, stderr: uri });
      } catch (e: unknown) {
        throw new Error(`failed to create task: ${JSON.stringify(id)}: ${errorMessage(e)}`, { cause: e });
      }
      let pid: number;
      try {
        pid = await client.startTask(id);
      } catch (e: unknown) {
        throw new Error(`failed to start task: ${JSON.stringify(id)}: ${errorMessage(e)}`, { cause: e });
      }
      attempt.pid = pid;
      const exited = client.waitTask(id);
      onRunning(`Started task ${id} (PID ${pid}) for container ${id}`);

      const first = await Promise.race([exited, abortedOf(stop)]);
      if (first === 'stop') {
        await this.terminate(client, pid, exited, record);
        return;
      }
      await tail.stop();
      if (first !== 0) {
        throw new Error(
          `task ${JSON.stringify(id)} failed: exit code ${first} (last log ${JSON.stringify(lastLog.text())})`,
        );
      }
    } finally {
      attempt.pid = undefined;
      await tail?.stop();
      try {
        await removeLeftovers(client, id, this.snapshotter);
      } catch (e: unknown) {
        this.warn(`cleaning up container ${JSON.stringify(id)}: ${errorMessage(e)}`);
      }
      client.close();
    }
  }

  /**
   * The spec options with what this process cannot grant left out: capabilities outside its bounding set
   * (Talos grants the grantable ones) and an OOM score below its own without CAP_SYS_RESOURCE (a warning).
   */
  private async specOptions(imageConfig: ResolvedImage['config']): Promise<ContainerSpecOptions> {
    const self = await processCaps();
    const spec = { ...this.opts.spec, imageConfig, ...(self ? { grantable: self.bounding } : {}) };
    const want = spec.oomScoreAdj;
    if (
      self &&
      want !== undefined &&
      want < self.oomScoreAdj &&
      !self.effective.includes('CAP_SYS_RESOURCE')
    ) {
      this.warn(
        `not permitted to lower the OOM score adjustment to ${want}, leaving it at ${self.oomScoreAdj}`,
      );
      return { ...spec, oomScoreAdj: undefined };
    }
    return spec;
  }

  private get snapshotter(): string {
    return this.opts.snapshotter ?? DEFAULT_SNAPSHOTTER;
  }

  /** SIGTERM to every process of the task, SIGKILL once the grace period is over; waits for the exit. */
  private async terminate(
    client: ContainerdClient,
    pid: number,
    exited: Promise<number>,
    record: RunnerEventSink,
  ): Promise<void> {
    const { id } = this.opts;
    record('Stopping', `Sending SIGTERM to task ${id} (PID ${pid}, container ${id})`);
    await client.killTask(id, SIGTERM, true).catch((e: unknown) => {
      if (!isNotFound(e)) throw new Error(`error sending SIGTERM: ${errorMessage(e)}`, { cause: e });
    });
    const wait = new AbortController();
    const done = await Promise.race([
      exited.then(() => true),
      sleep(this.opts.graceMs ?? DEFAULT_GRACE_MS, wait.signal).then(() => false),
    ]);
    wait.abort();
    if (done !== true) {
      record('Stopping', `Sending SIGKILL to task ${id} (PID ${pid}, container ${id})`);
      await client.killTask(id, SIGKILL, true).catch((e: unknown) => {
        if (!isNotFound(e)) throw new Error(`error sending SIGKILL: ${errorMessage(e)}`, { cause: e });
      });
    }
    await exited.catch(() => undefined);
  }

  /** Follows the log file from its current end: complete lines go to the log source and `lastLog`. */
  private async followLog(lastLog: LastLog): Promise<FileTail> {
    const path = this.opts.logFile;
    await mkdir(dirname(path), { recursive: true });
    const file = await open(path, 'a+');
    const size = (await stat(path)).size;
    const sink = this.opts.logs.sink(this.opts.id, { onLine: (line) => lastLog.add(line) });
    const tail = new FileTail(
      file,
      size,
      (chunk) => sink.write(chunk),
      () => sink.end(),
    );
    tail.start();
    return tail;
  }

  private warn(message: string): void {
    if (this.opts.logger) this.opts.logger.warn({ service: this.opts.id }, message);
    else this.opts.logs.source(this.opts.id).append(Buffer.from(`[talos] warning: ${message}\n`));
  }
}

/** Resolves 'stop' once the signal fires. */
function abortedOf(signal: AbortSignal): Promise<'stop'> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve('stop');
    else signal.addEventListener('abort', () => resolve('stop'), { once: true });
  });
}

const ignoreNotFound = (e: unknown): void => {
  if (!isNotFound(e)) throw e;
};

/**
 * The task (killed first if it still runs), the container and the snapshot of `id`, each if present.
 * A task that will not go within 10 s of SIGKILL is an error.
 */
export async function removeLeftovers(
  client: ContainerdClient,
  id: string,
  snapshotter: string,
): Promise<void> {
  let task;
  try {
    task = await client.getTask(id);
  } catch (e: unknown) {
    ignoreNotFound(e);
  }
  if (task) {
    if (task.status !== 'STOPPED') {
      const exited = client.waitTask(id, { timeoutMs: 10_000 });
      await client.killTask(id, SIGKILL, true).catch(ignoreNotFound);
      await exited.catch((e: unknown) => {
        if (!isNotFound(e))
          throw new Error(`failed to kill the task ${JSON.stringify(id)}: ${errorMessage(e)}`);
      });
    }
    await client.deleteTask(id).catch(ignoreNotFound);
  }
  await client.deleteContainer(id).catch(ignoreNotFound);
  await client.removeSnapshot(id, snapshotter).catch(ignoreNotFound);
}

/** Polls a file for what is appended past `offset`, handing the new bytes on in order. */
class FileTail {
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> = Promise.resolve();
  private stopped: Promise<void> | undefined;
  private readonly buf = Buffer.alloc(64 * 1024);

  constructor(
    private readonly file: FileHandle,
    private offset: number,
    private readonly onData: (chunk: Buffer) => void,
    private readonly onEnd: () => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.poll(), LOG_POLL_MS);
  }

  private poll(): void {
    this.busy = this.busy.then(() => this.readNew()).catch(() => undefined);
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const { bytesRead } = await this.file.read(this.buf, 0, this.buf.length, this.offset);
      if (bytesRead === 0) return;
      this.offset += bytesRead;
      this.onData(Buffer.from(this.buf.subarray(0, bytesRead)));
    }
  }

  /** A last read, then the sink is ended and the file closed (once). */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      clearInterval(this.timer);
      this.poll();
      await this.busy;
      this.onEnd();
      await this.file.close();
    })();
    return this.stopped;
  }
}
