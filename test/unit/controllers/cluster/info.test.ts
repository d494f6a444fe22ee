// cluster.InfoController: the cluster's id and name from the active config (talosctl dashboard's CLUSTER
// field), none without a config, and following a changed config.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { InfoController } from '../../../../controllers/cluster/info';
import { parseMachineConfig } from '../../../../src/config';
import { CLUSTER_INFO, type ClusterInfoSpec } from '../../../../src/resources/cluster/info';
import { MACHINE_CONFIG } from '../../../../src/resources/config/machine-config';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

const CONFIG_TEXT = readFileSync(
  new URL('../../../fixtures/config/controlplane.yaml', import.meta.url),
  'utf8',
);

describe('cluster.InfoController', () => {
  let h: Harness;
  afterEach(() => h?.shutdown());

  const info = async (): Promise<ClusterInfoSpec | undefined> =>
    (await h.state.list<ClusterInfoSpec>({ namespace: 'cluster', type: CLUSTER_INFO.type })).find(
      (r) => r.metadata.id === 'current',
    )?.spec;

  it("is the config's cluster id and name, and nothing without a config", async () => {
    h = harness();
    h.runtime.register(new InfoController());
    h.start();
    // nothing while there is no config
    await new Promise((r) => setTimeout(r, 100));
    expect(await info()).toBeUndefined();
    await h.state.modify(MACHINE_CONFIG, () => ({ config: parseMachineConfig(CONFIG_TEXT) }));
    const got = await waitFor(info, 'the cluster info');
    expect(got).toEqual({ clusterId: 't-If-RibdKuO-syKkVF4vwPEWK8bU8imhmPVhO7dHCc=', clusterName: 'demo' });
    await h.state.modify(MACHINE_CONFIG, () => ({
      config: parseMachineConfig(CONFIG_TEXT.replace('clusterName: demo', 'clusterName: renamed')),
    }));
    await waitFor(async () => (await info())?.clusterName === 'renamed', 'the new name');
  });
});
