// The containerd runner against a fake containerd: leftovers of an earlier run removed first, the
// snapshot prepared on the image's chain id, the container created with the generated spec, output
// followed from the log file, exit codes and stop (SIGTERM, SIGKILL after the grace period), and the
// task, container and snapshot deleted after every run.
import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { ContainerdError, type ContainerdClient, type TaskRecord } from '../../../src/containerd/client';
import { chainId } from '../../../src/containerd/image';
import { ContainerdRunner } from '../../../src/system/containerd-runner';
import { LogSources } from '../../../src/system/logs';
import type { ServiceState } from '../../../src/system/service';
import { scratchDir } from './helpers';

const digest = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const notFound = (what: string): ContainerdError =>
  new ContainerdError(status.NOT_FOUND, `${what}: not found`);
const text = (logs: LogSources, id: string): string => Buffer.concat(logs.source(id).tail()).toString();

const LAYERS = ['sha256:' + 'a'.repeat(64), 'sha256:' + 'b'.repeat(64)];
const IMAGE = 'example.org/kubelet:v1.35.0';

/** A containerd with one image and one task slot per container; every call is logged. */
class FakeContainerd {
  readonly calls: string[] = [];
  readonly content = new Map<string, Buffer>();
  readonly containers = new Map<string, { spec: Record<string, unknown>; snapshotKey?: string }>();
  readonly snapshots = new Map<string, string>();
  task: (TaskRecord & { exited?: (code: number) => void; exit: Promise<number> }) | undefined;
  /** What the task does on SIGTERM: exit with 143, or nothing. */
  obeysSigterm = true;
  imageTarget: string;

  constructor() {
    const config = Buffer.from(
      JSON.stringify({ config: { Env: ['PATH=/bin', 'A=1'] }, rootfs: { type: 'layers', diff_ids: LAYERS } }),
    );
    const manifest = Buffer.from(JSON.stringify({ config: { digest: digest(config) }, layers: [] }));
    this.content.set(digest(config), config);
    this.content.set(digest(manifest), manifest);
    this.imageTarget = digest(manifest);
  }

  /** A task left over by an earlier run. */
  leftover(): void {
    this.containers.set('kubelet', { spec: {} });
    this.snapshots.set('kubelet', 'old');
    this.newTask(7);
    this.task!.status = 'RUNNING';
  }

  private newTask(pid: number): void {
    let exited!: (code: number) => void;
    const exit = new Promise<number>((r) => (exited = r));
    this.task = {
      container_id: 'kubelet',
      id: 'kubelet',
      pid,
      status: 'CREATED',
      exit_status: 0,
      exited,
      exit,
    };
  }

  exit(code: number): void {
    if (!this.task) return;
    this.task.status = 'STOPPED';
    this.task.exit_status = code;
    this.task.exited?.(code);
  }

  client(): ContainerdClient {
    const log = (s: string): void => void this.calls.push(s);
    const fake = {
      getImage: async (name: string) => {
        log(`getImage ${name}`);
        if (name !== IMAGE) throw notFound(`image "${name}"`);
        return {
          name,
          labels: {},
          target: {
            media_type: 'application/vnd.oci.image.manifest.v1+json',
            digest: this.imageTarget,
            size: '1',
          },
        };
      },
      readContent: async (d: string) => {
        const b = this.content.get(d);
        if (!b) throw notFound(d);
        return b;
      },
      getTask: async (id: string) => {
        log(`getTask ${id}`);
        if (!this.task) throw notFound('task');
        return this.task;
      },
      waitTask: async () => {
        if (!this.task) throw notFound('task');
        return this.task.exit;
      },
      killTask: async (id: string, signal: number, all: boolean) => {
        log(`killTask ${id} ${signal} all=${all}`);
        if (!this.task) throw notFound('task');
        if (signal === 9 || (signal === 15 && this.obeysSigterm)) this.exit(128 + signal);
      },
      deleteTask: async (id: string) => {
        log(`deleteTask ${id}`);
        if (!this.task) throw notFound('task');
        this.task = undefined;
        return 0;
      },
      deleteContainer: async (id: string) => {
        log(`deleteContainer ${id}`);
        if (!this.containers.delete(id)) throw notFound('container');
      },
      removeSnapshot: async (key: string) => {
        log(`removeSnapshot ${key}`);
        if (!this.snapshots.delete(key)) throw notFound('snapshot');
      },
      prepareSnapshot: async (s: { key: string; parent: string }) => {
        log(`prepareSnapshot ${s.key} ${s.parent}`);
        this.snapshots.set(s.key, s.parent);
        return [{ type: 'overlay', source: 'overlay', options: ['lowerdir=/x'] }];
      },
      createContainer: async (c: { id: string; spec: Record<string, unknown>; snapshotKey?: string }) => {
        log(`createContainer ${c.id} snapshot=${c.snapshotKey}`);
        this.containers.set(c.id, { spec: c.spec, snapshotKey: c.snapshotKey });
        return {};
      },
      createTask: async (t: { containerId: string; stdout: string; stderr: string }) => {
        log(`createTask ${t.containerId} ${t.stdout} ${t.stderr}`);
        this.newTask(42);
        return 42;
      },
      startTask: async (id: string) => {
        log(`startTask ${id}`);
        this.task!.status = 'RUNNING';
        return 42;
      },
      close: () => log('close'),
    };
    return fake as unknown as ContainerdClient;
  }
}

function setup(graceMs = 1_000) {
  const fake = new FakeContainerd();
  const logs = new LogSources();
  const logFile = join(scratchDir('talos-ts-ctr-'), 'var/log/kubelet.log');
  const runner = new ContainerdRunner({
    id: 'kubelet',
    socket: '/nonexistent.sock',
    namespace: 'system',
    image: IMAGE,
    spec: {
      args: ['/usr/local/bin/kubelet', '--v=2'],
      hostNamespaces: ['network', 'pid'],
      cgroupsPath: '/podruntime/kubelet',
    },
    logs,
    logFile,
    graceMs,
    client: () => fake.client(),
  });
  const events: [ServiceState, string][] = [];
  let running = '';
  const run = (): Promise<void> =>
    runner.run(
      (m) => (running = m ?? ''),
      (s, m) => void events.push([s, m]),
    );
  const until = async (cond: () => boolean): Promise<void> => {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(cond()).toBe(true);
  };
  return { fake, logs, logFile, runner, events, run, running: () => running, until };
}

describe('ContainerdRunner', () => {
  it('removes the leftovers of an earlier run, then creates the container on the image chain id and starts its task', async () => {
    const t = setup();
    t.fake.leftover();
    expect(t.runner.describe()).toBe('Containerd(kubelet)');
    const done = t.run();
    await t.until(() => t.running() !== '');
    expect(t.running()).toBe('Started task kubelet (PID 42) for container kubelet');
    expect(t.runner.pid).toBe(42);
    const uri = `file://${t.logFile}`;
    expect(t.fake.calls.slice(0, 10)).toEqual([
      `getImage ${IMAGE}`,
      'getTask kubelet',
      'killTask kubelet 9 all=true',
      'deleteTask kubelet',
      'deleteContainer kubelet',
      'removeSnapshot kubelet',
      `prepareSnapshot kubelet ${chainId(LAYERS)}`,
      'createContainer kubelet snapshot=kubelet',
      `createTask kubelet ${uri} ${uri}`,
      'startTask kubelet',
    ]);
    const spec = t.fake.containers.get('kubelet')!.spec as {
      process: { args: string[]; env: string[] };
      linux: { cgroupsPath: string; namespaces: { type: string }[] };
    };
    expect(spec.process.args).toEqual(['/usr/local/bin/kubelet', '--v=2']);
    expect(spec.process.env).toEqual(['PATH=/bin', 'A=1']);
    expect(spec.linux.cgroupsPath).toBe('/podruntime/kubelet');
    expect(spec.linux.namespaces.map((n) => n.type)).toEqual(['ipc', 'uts', 'mount']);

    // what the shim appends to the log file reaches the log source, line by line
    appendFileSync(t.logFile, 'hello\npart');
    await t.until(() => text(t.logs, 'kubelet') === 'hello\n');
    appendFileSync(t.logFile, 'ial\n');
    await t.until(() => text(t.logs, 'kubelet') === 'hello\npartial\n');

    t.fake.exit(0);
    await done;
    expect(t.runner.pid).toBeUndefined();
    expect(t.fake.calls.slice(-4)).toEqual([
      'deleteTask kubelet',
      'deleteContainer kubelet',
      'removeSnapshot kubelet',
      'close',
    ]);
    expect(t.fake.containers.size).toBe(0);
    expect(t.fake.snapshots.size).toBe(0);
  });

  it('fails with the exit code and the last log lines, and still cleans up', async () => {
    const t = setup();
    const done = t.run();
    await t.until(() => t.running() !== '');
    appendFileSync(t.logFile, 'starting\nboom\n');
    await t.until(() => text(t.logs, 'kubelet').includes('boom'));
    t.fake.exit(3);
    await expect(done).rejects.toThrow('task "kubelet" failed: exit code 3 (last log "starting\\nboom")');
    expect(t.fake.task).toBeUndefined();
    expect(t.fake.containers.size).toBe(0);
    expect(t.fake.snapshots.size).toBe(0);
  });

  it('stops with SIGTERM to all its processes', async () => {
    const t = setup();
    const done = t.run();
    await t.until(() => t.running() !== '');
    await t.runner.stop();
    await done;
    expect(t.events).toEqual([['Stopping', 'Sending SIGTERM to task kubelet (PID 42, container kubelet)']]);
    expect(t.fake.calls).toContain('killTask kubelet 15 all=true');
    expect(t.fake.calls).not.toContain('killTask kubelet 9 all=true');
    expect(t.fake.containers.size).toBe(0);
  });

  it('sends SIGKILL once the grace period is over', async () => {
    const t = setup(50);
    t.fake.obeysSigterm = false;
    const done = t.run();
    await t.until(() => t.running() !== '');
    await t.runner.stop();
    await done;
    expect(t.events).toEqual([
      ['Stopping', 'Sending SIGTERM to task kubelet (PID 42, container kubelet)'],
      ['Stopping', 'Sending SIGKILL to task kubelet (PID 42, container kubelet)'],
    ]);
    expect(t.fake.task).toBeUndefined();
  });

  it('fails without creating anything when the image is not in containerd', async () => {
    const t = setup();
    t.fake.imageTarget = 'sha256:none';
    await expect(t.run()).rejects.toThrow(/not found/);
    expect(t.fake.calls.some((c) => c.startsWith('prepareSnapshot') || c.startsWith('createContainer'))).toBe(
      false,
    );
    expect(t.fake.calls.at(-1)).toBe('close');
  });
});
