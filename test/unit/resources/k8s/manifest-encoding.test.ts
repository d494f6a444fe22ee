// BootstrapManifestsConfig, ExtraManifestsConfig and rendered Manifests encode to Talos's protobuf specs
// (round trip through the API schema) and to Talos's YAML keys.
import { describe, expect, it } from 'vitest';
import { bootstrapManifestsConfig } from '../../../../controllers/k8s/bootstrap-manifests-config';
import { renderManifests } from '../../../../src/k8s/manifests/render';
import { kubernetesRoot } from '../../../../controllers/secrets/kubernetes-root';
import { apiSchema } from '../../../../src/grpc/api-schema';
import type { ResourceDefinition } from '../../../../src/resources/definition';
import { BootstrapManifestsConfigDefinition } from '../../../../src/resources/k8s/bootstrap-manifests-config';
import {
  ExtraManifestsConfigDefinition,
  type ExtraManifestsConfigSpec,
} from '../../../../src/resources/k8s/extra-manifests-config';
import { ManifestDefinition } from '../../../../src/resources/k8s/manifest';
import { fromStruct } from '../../../../src/resources/k8s/struct';
import { config, CONTROLPLANE } from '../../../harness/manifest-fixtures';

function roundTrip<S>(def: ResourceDefinition<S>, spec: S): Record<string, unknown> {
  const codec = apiSchema().codec(def.protoSpec ?? '');
  const proto = def.toProto ? def.toProto(spec) : (spec as Record<string, unknown>);
  return codec.decode(codec.encode(proto)) as Record<string, unknown>;
}

const cfg = config(CONTROLPLANE);
const spec = bootstrapManifestsConfig(cfg);
const root = kubernetesRoot(cfg);

describe('bootstrap manifests encoding', () => {
  it('BootstrapManifestsConfig keeps every field', () => {
    if (!spec) throw new Error('no spec');
    const decoded = roundTrip(BootstrapManifestsConfigDefinition, spec);
    expect(decoded).toMatchObject({
      server: 'https://127.0.0.1:7445',
      cluster_domain: 'cluster.local',
      pod_cid_rs: ['10.244.0.0/16'],
      proxy_enabled: true,
      proxy_image: spec.proxyImage,
      proxy_args: spec.proxyArgs,
      core_dns_enabled: true,
      core_dns_image: spec.coreDNSImage,
      dns_service_ip: '10.96.0.10',
      flannel_enabled: true,
      flannel_image: spec.flannelImage,
      flannel_kube_service_host: '127.0.0.1',
      flannel_kube_service_port: '7445',
      flannel_kube_network_policies_image: spec.flannelKubeNetworkPoliciesImage,
      cni_name: 'flannel',
    });
    const yaml = BootstrapManifestsConfigDefinition.toYAML?.(spec) as Record<string, unknown>;
    expect(yaml['string']).toBe('https://127.0.0.1:7445');
    expect(Object.keys(yaml)).toContain('dnsServiceIPv6');
  });

  it('ExtraManifestsConfig keeps headers and inline manifests', () => {
    const extra: ExtraManifestsConfigSpec = {
      extraManifests: [
        { name: 'a', url: 'https://a', priority: '99', extraHeaders: { X: 'y' }, inlineManifest: '' },
        { name: 'b', url: '', priority: '99', extraHeaders: {}, inlineManifest: 'kind: Namespace\n' },
      ],
    };
    const decoded = roundTrip(ExtraManifestsConfigDefinition, extra);
    expect(decoded['extra_manifests']).toMatchObject([
      { name: 'a', url: 'https://a', priority: '99', extra_headers: { X: 'y' } },
      { name: 'b', priority: '99', inline_manifest: 'kind: Namespace\n' },
    ]);
  });

  it('rendered Manifests survive the Struct encoding unchanged', () => {
    if (!spec || !root) throw new Error('no spec');
    for (const m of renderManifests(spec, root)) {
      const decoded = roundTrip(ManifestDefinition, { items: m.objects });
      const items = (decoded['items'] as Array<{ object: unknown }>).map((i) =>
        fromStruct(i.object as Parameters<typeof fromStruct>[0]),
      );
      expect(items, m.id).toEqual(m.objects);
    }
  });
});
