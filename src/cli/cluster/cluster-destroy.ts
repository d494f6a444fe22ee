// `talos-ts cluster destroy`: everything the cluster's state records, in reverse: the nodes (their
// processes and cgroups; their mounts lived in their own mount namespaces and went with them), the
// nodes' and the bridge's network namespaces (their links with them), the host's link, then the state
// directory itself. The talosconfig context stays, as with talosctl.
import { rm } from 'node:fs/promises';
import { errorMessage } from '../../error-message';
import { removeHostLink, removeNamespace } from './cluster-network';
import { stopNode } from './cluster-nodes';
import type { ClusterState } from './cluster-state';
import type { Progress } from './cluster-create';

export class ClusterDestroyError extends Error {
  override name = 'ClusterDestroyError';
}

export async function destroyCluster(dir: string, state: ClusterState, progress: Progress): Promise<void> {
  const failures: string[] = [];
  const attempt = async (what: string, fn: () => unknown): Promise<void> => {
    try {
      await fn();
    } catch (e: unknown) {
      failures.push(`${what}: ${errorMessage(e)}`);
    }
  };
  await Promise.all(
    state.nodes.map(async (n) => {
      progress.step(n.name, 'stopping');
      await attempt(n.name, () => stopNode(n));
    }),
  );
  for (const n of [...state.nodes].reverse()) await attempt(n.netns, () => removeNamespace(n.netns));
  // the host's link first: deleting it takes its peer at once, while a namespace's links go later
  if (state.hostLink !== undefined) await attempt(state.hostLink, () => removeHostLink(state.hostLink!));
  if (state.bridgeNetns !== undefined) {
    progress.step('', `removing network ${state.bridgeNetns}`);
    await attempt(state.bridgeNetns, () => removeNamespace(state.bridgeNetns!));
  }
  if (failures.length > 0)
    throw new ClusterDestroyError(
      `could not remove everything (state kept in ${dir}): ${failures.join('; ')}`,
    );
  await rm(dir, { recursive: true, force: true });
}
