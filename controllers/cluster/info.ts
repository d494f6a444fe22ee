// cluster.InfoController: Infos.cluster.talos.dev ("current") from the active machine config's cluster
// section (its id and name); none while the config has no cluster section (maintenance).
import type { Controller, ControllerContext, Input, Output } from '../../src/controller-runtime';
import { outputOf } from '../../src/controller-runtime';
import { MACHINE_CONFIG, machineConfigOf } from '../../src/resources/config/machine-config';
import { CLUSTER_INFO, type ClusterInfoSpec } from '../../src/resources/cluster/info';

export class InfoController implements Controller {
  readonly name = 'cluster.InfoController';

  inputs(): Input[] {
    return [{ ...MACHINE_CONFIG, kind: 'weak' }];
  }

  outputs(): Output[] {
    return [outputOf(CLUSTER_INFO)];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const cluster = (await machineConfigOf(ctx))?.v1alpha1()?.cluster;
      ctx.startTrackingOutputs();
      if (cluster) {
        await ctx.modify<ClusterInfoSpec>(CLUSTER_INFO, () => ({
          clusterId: cluster.id ?? '',
          clusterName: cluster.clusterName ?? '',
        }));
      }
      await ctx.cleanupOutputs();
    }
  }
}
