// KubeletSpecs.kubernetes.talos.dev: how the kubelet runs (id "kubelet"): image, command-line flags,
// mounts and the KubeletConfiguration document.
import { defineResource, pointerTo } from '../definition';
import { KUBELET_ID } from './kubelet-config';
import { mountToProto, sortKeys, toStruct, type Mount } from './struct';

export interface KubeletSpecSpec {
  image: string;
  args: string[];
  extraMounts: Mount[];
  /** The node name the kubelet registers with; empty when `hostname-override` is an extra argument. */
  expectedNodename: string;
  /** The KubeletConfiguration (kubelet.config.k8s.io/v1beta1) as an unstructured object. */
  config: Record<string, unknown>;
  credentialProviderConfig?: Record<string, unknown>;
}

export const KubeletSpecDefinition = defineResource<KubeletSpecSpec>({
  type: 'KubeletSpecs.kubernetes.talos.dev',
  defaultNamespace: 'k8s',
  sensitive: true,
  protoSpec: 'talos.resource.definitions.k8s.KubeletSpecSpec',
  toProto: (s) => ({
    image: s.image,
    args: s.args,
    extra_mounts: s.extraMounts.map(mountToProto),
    expected_nodename: s.expectedNodename,
    config: toStruct(s.config),
    ...(s.credentialProviderConfig
      ? { credential_provider_config: toStruct(s.credentialProviderConfig) }
      : {}),
  }),
  // Talos's field order and `omitempty`s; map keys sorted as Go marshals them.
  toYAML: (s) => ({
    image: s.image,
    ...(s.args.length > 0 ? { args: s.args } : {}),
    ...(s.extraMounts.length > 0 ? { extraMounts: s.extraMounts } : {}),
    ...(s.expectedNodename !== '' ? { expectedNodename: s.expectedNodename } : {}),
    config: sortKeys(s.config),
    ...(s.credentialProviderConfig && Object.keys(s.credentialProviderConfig).length > 0
      ? { credentialProviderConfig: sortKeys(s.credentialProviderConfig) }
      : {}),
  }),
});

export const KUBELET_SPEC = pointerTo(KubeletSpecDefinition, KUBELET_ID);
