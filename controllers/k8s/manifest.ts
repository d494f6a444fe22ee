// k8s.ManifestController: the bootstrap Manifests (in `controlplane`: "00-kubelet-bootstrapping-token",
// "01-csr-*", "05-flannel", "10-kube-proxy", "11-core-dns", ...) rendered from the BootstrapManifestsConfig
// and the Kubernetes root secrets. Manifests no longer rendered are removed; all of its own are removed when
// either input goes away. Manifests is shared with the extra manifests' controller.
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import {
  BOOTSTRAP_MANIFESTS_CONFIG,
  type BootstrapManifestsConfigSpec,
} from '../../src/resources/k8s/bootstrap-manifests-config';
import { ManifestDefinition, type ManifestSpec } from '../../src/resources/k8s/manifest';
import { KUBERNETES_ROOT, type KubernetesRootSpec } from '../../src/resources/secrets/kubernetes-root';
import { renderManifests } from '../../src/k8s/manifests/render';

const NAMESPACE = 'controlplane';

export class ManifestController implements Controller {
  readonly name = 'k8s.ManifestController';

  inputs() {
    return [
      { ...BOOTSTRAP_MANIFESTS_CONFIG, kind: 'weak' as const },
      { ...KUBERNETES_ROOT, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [{ type: ManifestDefinition.type, namespace: NAMESPACE, kind: 'shared' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const config = await getOptional<BootstrapManifestsConfigSpec>(ctx, BOOTSTRAP_MANIFESTS_CONFIG);
      const root = await getOptional<KubernetesRootSpec>(ctx, KUBERNETES_ROOT);
      ctx.startTrackingOutputs();
      if (config && root) {
        for (const m of renderManifests(config.spec, root.spec)) {
          await ctx.modify<ManifestSpec>(
            { namespace: NAMESPACE, type: ManifestDefinition.type, id: m.id },
            () => ({ items: m.objects }),
          );
        }
      }
      await ctx.cleanupOutputs();
    }
  }
}
