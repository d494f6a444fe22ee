// A node sandbox: runs a node's program (the agent in container mode) in namespaces of its own, so that a
// node on a shared host sees the paths Talos's node has — /var, /run, /system, /etc/kubernetes,
// /etc/cni, /opt/cni/bin, taken from its state directory — and its containerd, runc and kubelet agree
// on them, while the host's files, network and processes stay as they are:
//   - mount namespace: the node's root assembled from the host's /usr and the state directory
//     (node-sandbox-script.ts); every mount goes with the namespace;
//   - PID namespace: the node's init is PID 1; when it ends, the kernel ends every process of the node;
//   - cgroup namespace over a cgroup of the node's own, in every hierarchy, nested under the caller's
//     (containers' cgroups such as /kubepods are the node's subtree), removed when the node has ended;
//   - network namespace: one the caller made (`ip netns add`, e.g. on a bridge with other nodes), or a
//     new one with loopback only; never the host's;
//   - UTS and IPC namespaces.
// Talos's container mode has the same shape with a container engine: one container per node holding a
// whole root file system.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import {
  initScript,
  NODE_KERNEL_PARAMS,
  preludeScript,
  SANDBOX_DIR,
  type CgroupHierarchy,
  type HostRootEntry,
} from './node-sandbox-script';

export interface NodeSandboxOptions {
  /** The node's state directory (absolute, or resolved from the working directory). */
  readonly stateDir: string;
  /** The node's program and its arguments. */
  readonly command: readonly string[];
  /** A network namespace to join: a name under /run/netns or a path; absent: a new, loopback-only one. */
  readonly netns?: string;
  /** A directory of CNI plugins the node has at /opt/cni/bin (read-only). */
  readonly cniBinDir?: string;
  /** More host paths the node sees read-only at the same path (default: those of the command). */
  readonly readOnlyPaths?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly stdio?: StdioOptions;
}

export interface NodeSandbox {
  /** The host's process that holds the namespaces (unshare). */
  readonly process: ChildProcess;
  /** Resolves with the node program's exit code (null after a signal) once the node is gone and cleaned up. */
  readonly exited: Promise<number | null>;
  /** The node's cgroups on the host (removed once it has ended; by `removeCgroups` for a detached node). */
  readonly cgroups: readonly CgroupHierarchy[];
  /** TERM to the node's program, KILL to the whole node after `graceMs` (default 15 s); then the clean-up. */
  stop(graceMs?: number): Promise<number | null>;
}

/** Set for the node's program: it has a network namespace of its own (no other node on its addresses). */
export const NODE_SANDBOX_ENV = 'TALOS_TS_NODE_SANDBOX';

/** Whether this process is a node's program in a node sandbox. */
export function insideNodeSandbox(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[NODE_SANDBOX_ENV] === '1';
}

export class NodeSandboxError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NodeSandboxError';
  }
}

/** The host's root entries a node gets as they are: /usr and the links or directories beside it. */
const SYSTEM_ENTRIES = ['usr', 'bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];

export function hostSystemEntries(root = '/'): HostRootEntry[] {
  const out: HostRootEntry[] = [];
  for (const name of SYSTEM_ENTRIES) {
    const p = join(root, name);
    let st;
    try {
      st = lstatSync(p);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) out.push({ name, kind: 'symlink', target: readlinkSync(p) });
    else if (st.isDirectory()) out.push({ name, kind: 'dir' });
  }
  return out;
}

/**
 * The host's cgroup hierarchies (from mountinfo) and this process's cgroup in each (from
 * /proc/self/cgroup), with the node's directory `<current>/<leaf>`.
 */
export function hostCgroups(leaf: string, mountinfo: string, procCgroup: string): CgroupHierarchy[] {
  const current = new Map<string, string>();
  for (const line of procCgroup.split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (m) current.set(m[1]!, m[2]!);
  }
  const out: CgroupHierarchy[] = [];
  for (const line of mountinfo.split('\n')) {
    const [pre, post] = line.split(' - ');
    if (!pre || !post) continue;
    const fields = pre.split(' ');
    const [fsType, , superOptions = ''] = post.split(' ');
    const mountPoint = fields[4];
    if (!mountPoint || (fsType !== 'cgroup' && fsType !== 'cgroup2')) continue;
    if (fsType === 'cgroup2') {
      const at = current.get('');
      if (at !== undefined) out.push({ mountPoint, fsType, options: '', nodeDir: join(at, leaf) });
      continue;
    }
    const names = superOptions.split(',').filter((o) => o !== 'rw' && o !== 'ro');
    const controllers = names.filter((o) => !o.includes('=') || o.startsWith('name='));
    const key = controllers.join(',');
    const at = current.get(key);
    if (at === undefined) continue;
    const named = controllers.every((c) => c.startsWith('name='));
    out.push({
      mountPoint,
      fsType,
      options: named ? ['none', ...controllers].join(',') : controllers.join(','),
      nodeDir: join(at, leaf),
    });
  }
  return out;
}

/** Creates the node's cgroup in each hierarchy (cpuset: with its parent's CPUs and memory nodes). */
async function createCgroups(cgroups: readonly CgroupHierarchy[]): Promise<void> {
  for (const c of cgroups) {
    const dir = join(c.mountPoint, c.nodeDir);
    await mkdir(dir, { recursive: true });
    if (c.options.split(',').includes('cpuset'))
      for (const f of ['cpuset.cpus', 'cpuset.mems']) {
        const parent = (await readFile(join(dirname(dir), f), 'utf8')).trim();
        await writeFile(join(dir, f), parent);
      }
  }
}

async function removeTree(dir: string): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) if (e.isDirectory()) await removeTree(join(dir, e.name));
  await rmdir(dir);
}

/** Removes the node's cgroups, innermost first; processes that are still ending are waited for. */
export async function removeCgroups(cgroups: readonly CgroupHierarchy[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const c of cgroups) {
    const dir = join(c.mountPoint, c.nodeDir);
    for (;;) {
      try {
        await removeTree(dir);
        break;
      } catch (e: unknown) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') break;
        if (code !== 'EBUSY' || Date.now() > deadline)
          throw new NodeSandboxError(`cannot remove the node's cgroup ${dir}`, { cause: e });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}

/** The host PID of the process whose parent is `ppid` (the node's init), if there is one yet. */
function childOf(ppid: number): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      if (new RegExp(`^PPid:\\s+${ppid}$`, 'm').test(status)) return Number(name);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

const netnsPath = (netns: string): string => (netns.includes('/') ? netns : `/run/netns/${netns}`);

/** Starts a node in a sandbox of its own. */
export async function startNodeSandbox(opts: NodeSandboxOptions): Promise<NodeSandbox> {
  for (const tool of ['unshare', 'nsenter', 'pivot_root', 'mount'])
    if (!['/usr/bin', '/usr/sbin', '/bin', '/sbin'].some((d) => existsSync(join(d, tool))))
      throw new NodeSandboxError(`${tool} is missing (util-linux)`);
  const stateDir = resolve(opts.stateDir);
  const netns = opts.netns !== undefined ? netnsPath(opts.netns) : undefined;
  if (netns !== undefined && !existsSync(netns))
    throw new NodeSandboxError(`network namespace ${netns} does not exist`);
  const leaf = `talos-ts-node-${randomBytes(4).toString('hex')}`;
  const cgroups = hostCgroups(
    leaf,
    readFileSync('/proc/self/mountinfo', 'utf8'),
    readFileSync('/proc/self/cgroup', 'utf8'),
  );
  const readOnlyPaths =
    opts.readOnlyPaths ??
    opts.command
      .filter((a) => isAbsolute(a) && existsSync(a) && !a.startsWith('/usr/'))
      .map((a) => dirname(a))
      // not the state directory's own parent: the node writes there
      .filter((d) => d !== '/' && !`${stateDir}/`.startsWith(`${resolve(d)}/`));
  // the real path: a link's target may be outside what the node sees
  const cniBinDir = opts.cniBinDir !== undefined ? realpathSync(resolve(opts.cniBinDir)) : undefined;
  const scriptOpts = {
    stateDir,
    ...(netns !== undefined ? { netnsPath: netns } : {}),
    cgroups,
    systemEntries: hostSystemEntries(),
    // the CNI plugins' directory too: bound into the node's root before /opt/cni/bin is bound to it
    readOnlyPaths: [...new Set([...readOnlyPaths.map((p) => resolve(p)), ...(cniBinDir ? [cniBinDir] : [])])],
    ...(cniBinDir !== undefined ? { cniBinDir } : {}),
    kernelParams: NODE_KERNEL_PARAMS,
  };
  await mkdir(join(stateDir, SANDBOX_DIR), { recursive: true, mode: 0o700 });
  const initFile = join(stateDir, SANDBOX_DIR, 'init.sh');
  await writeFile(initFile, initScript(scriptOpts), { mode: 0o700 });
  await createCgroups(cgroups);
  let child: ChildProcess;
  try {
    child = spawn('bash', ['-c', preludeScript(scriptOpts, initFile), 'talos-ts-node', ...opts.command], {
      stdio: opts.stdio ?? 'inherit',
      env: { ...(opts.env ?? process.env), [NODE_SANDBOX_ENV]: '1' },
      detached: true,
    });
  } catch (e: unknown) {
    await removeCgroups(cgroups);
    throw new NodeSandboxError('cannot start the node sandbox', { cause: e });
  }
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('error', () => undefined);
    child.once('exit', (code) => {
      removeCgroups(cgroups).then(
        () => resolveExit(code),
        () => resolveExit(code),
      );
    });
  });
  const init = (): number | undefined => (child.exitCode === null ? childOf(child.pid!) : undefined);
  return {
    process: child,
    exited,
    cgroups,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      const pid1 = init();
      if (pid1 !== undefined) process.kill(pid1, 'SIGTERM');
      else child.kill('SIGKILL'); // not started yet: --kill-child takes the init with it
      const timer = setTimeout(() => {
        const p = init();
        if (p !== undefined) process.kill(p, 'SIGKILL');
        else child.kill('SIGKILL');
      }, graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
