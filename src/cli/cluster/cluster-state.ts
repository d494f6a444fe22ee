// The state of a local cluster, as Talos's provisioner keeps it under ~/.talos/clusters/NAME: here
// ~/.talos-ts/clusters/NAME (or `--state DIR`/NAME) holds `state.json` — what was created, written
// atomically after each step so that `cluster destroy` (or a failed or interrupted create) removes
// exactly that — the generated configs, the talosconfig, and one directory per node (its state
// directory and its log).
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../files/atomic-write';
import type { CgroupHierarchy } from '../../platform/container/node-sandbox-script';

export type NodeType = 'controlplane' | 'worker';

export interface NodeState {
  readonly name: string;
  readonly type: NodeType;
  readonly address: string;
  readonly netns: string;
  /** The node's state directory (its agent's --state-dir). */
  readonly stateDir: string;
  readonly log: string;
  /** The host's process holding the node's namespaces (unshare), and its start time (clock ticks). */
  pid?: number;
  startTime?: string;
  /** The node's cgroups on the host, removed after it has ended. */
  cgroups?: CgroupHierarchy[];
}

export interface ClusterState {
  readonly name: string;
  readonly provisioner: 'container';
  readonly cidr: string;
  readonly gateway: string;
  readonly mtu: number;
  /** The namespace of the bridge, and the host's end of the veth pair to it; set once created. */
  bridgeNetns?: string;
  hostLink?: string;
  readonly nodes: NodeState[];
  /** Where the talosconfig context was merged. */
  talosconfig?: string;
  readonly createdAt: string;
}

export const STATE_FILE = 'state.json';

/** The default parent of cluster state directories: ~/.talos-ts/clusters. */
export const defaultStateRoot = (): string => join(homedir(), '.talos-ts', 'clusters');

export const clusterDir = (root: string, name: string): string => join(root, name);

export async function saveClusterState(dir: string, state: ClusterState): Promise<void> {
  await writeFileAtomic(join(dir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}

export class ClusterNotFoundError extends Error {
  override name = 'ClusterNotFoundError';
}

export async function loadClusterState(dir: string, name: string): Promise<ClusterState> {
  let text: string;
  try {
    text = await readFile(join(dir, STATE_FILE), 'utf8');
  } catch {
    throw new ClusterNotFoundError(`cluster ${JSON.stringify(name)} not found (no state in ${dir})`);
  }
  return JSON.parse(text) as ClusterState;
}
