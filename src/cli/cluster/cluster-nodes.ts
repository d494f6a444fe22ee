// A cluster's nodes on the container platform: each the agent in a node sandbox of its own (own mount,
// PID, cgroup, UTS and IPC namespaces) joined to the node's network namespace, left running after
// `cluster create` returns (its output in the node's log file), and ended by `cluster destroy` from the
// recorded process: TERM to the node's init, KILL after a grace period, then its cgroups removed.
import { openSync, closeSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { removeCgroups, startNodeSandbox } from '../../platform/container/node-sandbox';
import type { NodeState } from './cluster-state';

/** The start time of a process (field 22 of /proc/PID/stat), to tell it from a later one with its PID. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Whether the recorded process is still the one that was started. */
export const nodeRunning = (node: NodeState): boolean =>
  node.pid !== undefined && processStartTime(node.pid) === node.startTime;

/** Starts the node's agent (`program`: node and the bundle) in its sandbox; records pid and cgroups. */
export async function startNode(node: NodeState, program: readonly string[]): Promise<void> {
  await mkdir(node.stateDir, { recursive: true, mode: 0o700 });
  const out = openSync(node.log, 'a', 0o600);
  try {
    const sandbox = await startNodeSandbox({
      stateDir: node.stateDir,
      netns: node.netns,
      // the node's hostname in its own UTS namespace, as a container's
      command: [
        'sh',
        '-c',
        'hostname "$0" && exec "$@"',
        node.name,
        ...program,
        'machined',
        '--platform',
        'container',
        '--state-dir',
        node.stateDir,
        '--listen',
        node.address,
      ],
      stdio: ['ignore', out, out],
    });
    sandbox.process.unref();
    node.pid = sandbox.process.pid!;
    node.startTime = processStartTime(node.pid);
    node.cgroups = [...sandbox.cgroups];
  } finally {
    closeSync(out);
  }
}

/** The host PID of the node's init (the child of the recorded unshare process). */
function initOf(pid: number): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (new RegExp(`^PPid:\\s+${pid}$`, 'm').test(readFileSync(`/proc/${name}/status`, 'utf8')))
        return Number(name);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

const signal = (pid: number | undefined, sig: NodeJS.Signals): void => {
  if (pid === undefined) return;
  try {
    process.kill(pid, sig);
  } catch {
    // gone already
  }
};

/** Ends the node (TERM, then KILL after `graceMs`) and removes its cgroups. */
export async function stopNode(node: NodeState, graceMs = 20_000): Promise<void> {
  if (nodeRunning(node)) {
    const pid = node.pid!;
    signal(initOf(pid), 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (nodeRunning(node) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // the init's end ends every process of the node's PID namespace; unshare follows it
    if (nodeRunning(node)) signal(initOf(pid) ?? pid, 'SIGKILL');
    for (let i = 0; i < 100 && nodeRunning(node); i++) await new Promise((r) => setTimeout(r, 100));
    if (nodeRunning(node)) signal(pid, 'SIGKILL');
    // a process still a zombie of ours (the create that failed) is reaped by its parent's exit
  }
  if (node.cgroups) await removeCgroups(node.cgroups);
}
