// k8s.ControlPlaneExtraManifestsController: ExtraManifestsConfig ("extra-manifests" in `controlplane`)
// from a control-plane machine config: CNI manifest URLs (priority "05"), the external cloud provider's
// manifests ("30"), `cluster.extraManifests` with their headers and inline manifests ("99").
// Removed on other nodes and without a config.
import type { MachineConfig } from '../../src/config';
import {
  EXTRA_MANIFESTS_CONFIG,
  type ExtraManifest,
  type ExtraManifestsConfigSpec,
} from '../../src/resources/k8s/extra-manifests-config';
import { derivedController } from '../../src/controller-runtime';
import { MACHINE_CONFIG, type MachineConfigSpec } from '../../src/resources/config/machine-config';

export class ControlPlaneExtraManifestsController extends derivedController(
  'k8s.ControlPlaneExtraManifestsController',
  MACHINE_CONFIG,
  EXTRA_MANIFESTS_CONFIG,
  ({ config }: MachineConfigSpec) => extraManifestsConfig(config),
) {}

const fromURL = (
  url: string,
  priority: string,
  extraHeaders: Record<string, string> = {},
): ExtraManifest => ({
  name: url,
  url,
  priority,
  extraHeaders,
  inlineManifest: '',
});

/** The spec for a control-plane config; undefined for any other node. */
export function extraManifestsConfig(config: MachineConfig): ExtraManifestsConfigSpec | undefined {
  const v1 = config.v1alpha1();
  if (!v1?.machine || !v1.cluster) return undefined;
  const type = config.machineType();
  if (type !== 'controlplane' && type !== 'init') return undefined;
  const c = v1.cluster;
  const headers = { ...(c.extraManifestHeaders ?? {}) };
  return {
    extraManifests: [
      ...(c.network?.cni?.urls ?? []).map((u) => fromURL(u, '05')),
      ...(c.externalCloudProvider?.manifests ?? []).map((u) => fromURL(u, '30')),
      ...(c.extraManifests ?? []).map((u) => fromURL(u, '99', { ...headers })),
      ...(c.inlineManifests ?? []).map((m) => ({
        name: m.name ?? '',
        url: '',
        priority: '99',
        extraHeaders: {},
        inlineManifest: m.contents ?? '',
      })),
    ],
  };
}
