// ExtraManifestsConfigs.kubernetes.talos.dev: the manifests a control-plane config asks for beyond the
// bootstrap ones: CNI and cloud provider URLs, `cluster.extraManifests` and inline manifests
// (id "extra-manifests", in `controlplane`).
import { defineResource, pointerTo } from '../definition';

export const EXTRA_MANIFESTS_CONFIG_ID = 'extra-manifests';

export interface ExtraManifest {
  name: string;
  url: string;
  /** Sort prefix of the Manifest id: "05" CNI, "30" cloud provider, "99" the rest. */
  priority: string;
  extraHeaders: Record<string, string>;
  inlineManifest: string;
}

export interface ExtraManifestsConfigSpec {
  extraManifests: ExtraManifest[];
}

export const ExtraManifestsConfigDefinition = defineResource<ExtraManifestsConfigSpec>({
  type: 'ExtraManifestsConfigs.kubernetes.talos.dev',
  defaultNamespace: 'controlplane',
  protoSpec: 'talos.resource.definitions.k8s.ExtraManifestsConfigSpec',
  toProto: (s) => ({
    extra_manifests: s.extraManifests.map((m) => ({
      name: m.name,
      url: m.url,
      priority: m.priority,
      extra_headers: m.extraHeaders,
      inline_manifest: m.inlineManifest,
    })),
  }),
  toYAML: (s) => ({
    extraManifests: s.extraManifests.map((m) => ({
      name: m.name,
      url: m.url,
      priority: m.priority,
      extraHeaders: m.extraHeaders,
      inlineManifest: m.inlineManifest,
    })),
  }),
});

export const EXTRA_MANIFESTS_CONFIG = pointerTo(ExtraManifestsConfigDefinition, EXTRA_MANIFESTS_CONFIG_ID);
