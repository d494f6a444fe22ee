// `talos-ts cluster create|destroy|show` as a test runs it: the command, a free 10.213.x.0/24 network,
// the cluster's recorded state, and what of a cluster is still on the host after it is gone.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from './agent';
import { ip } from './netns-lan';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `talos-ts ARGS` (the built bundle) to its end. */
export const talosTs = (args: readonly string[], timeoutMs = 300_000): Promise<Run> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { timeout: timeoutMs, maxBuffer: 16 << 20 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });

/** A 10.213.x prefix (for x.0/24) that this host routes nowhere. */
export function freeSubnet(): string {
  const routes = ip('-4', 'route', 'show', 'table', 'all');
  for (let i = 0; i < 50; i++) {
    const x = 1 + ((randomBytes(1)[0] ?? 0) % 250);
    if (!routes.includes(`10.213.${x}.`)) return `10.213.${x}`;
  }
  throw new Error('no free 10.213.x.0/24 subnet on this machine');
}

/** A fresh cluster name. */
export const clusterName = (): string => `tts${randomBytes(3).toString('hex')}`;

/** The network namespaces of the cluster: its bridge's and its nodes'. */
export const namespacesOf = (name: string): string[] =>
  ip('netns', 'list')
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((ns) => ns === `talos-ts-${name}` || ns.startsWith(`talos-ts-${name}-`));

/** The processes whose command line names `dir`. */
export const processesUnder = (dir: string): string[] =>
  readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    });

export interface RecordedState {
  hostLink: string;
  nodes: {
    name: string;
    type: string;
    address: string;
    netns: string;
    log: string;
    pid?: number;
    cgroups?: { mountPoint: string; nodeDir: string }[];
  }[];
}

/** The cluster's state.json under ROOT/NAME, when it was written. */
export function recordedState(root: string, name: string): RecordedState | undefined {
  const file = join(root, name, 'state.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RecordedState) : undefined;
}

/** What of the cluster is still on the host: namespaces, its directory, processes, mounts, the host link, cgroups. */
export function leftovers(name: string, dir: string, recorded: RecordedState | undefined): string[] {
  const left = namespacesOf(name).map((ns) => `network namespace ${ns}`);
  if (existsSync(dir)) left.push(`directory ${dir}`);
  left.push(...processesUnder(dir).map((pid) => `process ${pid}`));
  if (readFileSync('/proc/self/mountinfo', 'utf8').includes(dir)) left.push(`a mount under ${dir}`);
  if (recorded) {
    if (ip('link', 'show').includes(recorded.hostLink)) left.push(`link ${recorded.hostLink}`);
    for (const n of recorded.nodes)
      for (const c of n.cgroups ?? [])
        if (existsSync(join(c.mountPoint, c.nodeDir))) left.push(`cgroup ${c.mountPoint}/${c.nodeDir}`);
  }
  return left;
}
