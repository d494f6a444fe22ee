// k8s.KubeletSpecController: KubeletSpec ("kubelet" in `k8s`) from the KubeletConfig, the Nodename,
// the machine type and (when present) the NodeIP: the kubelet's flags and its configuration document.
import { getOptional, type Controller, type ControllerContext, outputOf } from '../../src/controller-runtime';
import { MACHINE_TYPE, type MachineTypeName } from '../../src/resources/config/machine-type';
import { KUBELET_CONFIG, KUBELET_ID, type KubeletConfigSpec } from '../../src/resources/k8s/kubelet-config';
import { KUBELET_SPEC, type KubeletSpecSpec } from '../../src/resources/k8s/kubelet-spec';
import { NODENAME, type NodenameSpec } from '../../src/resources/k8s/nodename';
import { kubeletConfiguration } from '../../src/k8s/kubelet-configuration';
import { ExtraArgDeniedError } from '../../src/config/errors';

/** Talos NodeIPs.kubernetes.talos.dev ("kubelet"), spec `{ addresses }`; optional here. */
const NODE_IP = { namespace: 'k8s', type: 'NodeIPs.kubernetes.talos.dev', id: KUBELET_ID };

/** Flags extraArgs may not set (Talos MergeDenied). */
const DENIED = [
  'bootstrap-kubeconfig',
  'kubeconfig',
  'container-runtime',
  'container-runtime-endpoint',
  'config',
  'cert-dir',
];

/** Whether the kubelet image's tag is v1.27 or newer (compatibility.VersionFromImageRef). */
export function configRuntimeEndpoint(image: string): boolean {
  const tag = image.slice(image.lastIndexOf(':') + 1);
  const m = /^v?(\d+)\.(\d+)/.exec(tag);
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 1 || (major === 1 && minor >= 27);
}

export interface KubeletSpecOptions {
  /** Talos container mode: protectKernelDefaults is off. */
  containerMode?: boolean;
}

export class KubeletSpecController implements Controller {
  readonly name = 'k8s.KubeletSpecController';

  constructor(private readonly opts: KubeletSpecOptions = {}) {}

  inputs() {
    return [KUBELET_CONFIG, NODENAME, NODE_IP, MACHINE_TYPE].map((p) => ({ ...p, kind: 'weak' as const }));
  }

  outputs() {
    return [outputOf(KUBELET_SPEC)];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      // As Talos: without a config, machine type or nodename the last spec stays.
      const cfg = (await getOptional<KubeletConfigSpec>(ctx, KUBELET_CONFIG))?.spec;
      const machineType = (await getOptional<MachineTypeName>(ctx, MACHINE_TYPE))?.spec;
      const nodename = (await getOptional<NodenameSpec>(ctx, NODENAME))?.spec;
      if (!cfg || machineType === undefined || !nodename) continue;
      const nodeIP = (await getOptional<{ addresses?: string[] }>(ctx, NODE_IP))?.spec;
      const spec = kubeletSpec(cfg, machineType, nodename.nodename, nodeIP?.addresses, this.opts);
      await ctx.modify<KubeletSpecSpec>(KUBELET_SPEC, () => spec);
      ctx.resetBackoff();
    }
  }
}

/** The spec; throws on denied extra arguments or protected extraConfig keys. */
export function kubeletSpec(
  cfg: KubeletConfigSpec,
  machineType: MachineTypeName,
  nodename: string,
  nodeIPs: string[] | undefined,
  opts: KubeletSpecOptions = {},
): KubeletSpecSpec {
  const runtimeEndpoint = configRuntimeEndpoint(cfg.image);
  const args: Record<string, string[]> = {
    config: ['/etc/kubernetes/kubelet.yaml'],
    'cert-dir': ['/var/lib/kubelet/pki'],
    'hostname-override': [nodename],
  };
  if (!cfg.skipNodeRegistration) {
    args['bootstrap-kubeconfig'] = ['/etc/kubernetes/bootstrap-kubeconfig'];
    args['kubeconfig'] = ['/etc/kubernetes/kubeconfig-kubelet'];
  }
  if (cfg.cloudProviderExternal) args['cloud-provider'] = ['external'];
  if (!runtimeEndpoint) args['container-runtime-endpoint'] = ['/run/containerd/containerd.sock'];
  const extra = cfg.extraArgs;
  const expectedNodename = 'hostname-override' in extra ? '' : nodename;
  if (!('node-ip' in extra) && nodeIPs && nodeIPs.length > 0) args['node-ip'] = [nodeIPs.join(',')];
  for (const [k, v] of Object.entries(extra)) {
    if (DENIED.includes(k)) throw new ExtraArgDeniedError(k);
    args[k] = [...v.values];
  }
  if (cfg.credentialProviderConfig) {
    args['image-credential-provider-bin-dir'] = ['/usr/local/lib/kubelet/credentialproviders'];
    args['image-credential-provider-config'] = ['/etc/kubernetes/kubelet-credentialproviderconfig.yaml'];
  }
  const config = kubeletConfiguration(cfg, {
    machineType,
    configRuntimeEndpoint: runtimeEndpoint,
    ...(opts.containerMode !== undefined ? { containerMode: opts.containerMode } : {}),
  });
  return {
    image: cfg.image,
    args: Object.keys(args)
      .sort()
      .flatMap((k) => (args[k] ?? []).map((v) => `--${k}=${v}`)),
    extraMounts: cfg.extraMounts.map((m) => ({ ...m })),
    expectedNodename,
    config,
    ...(cfg.credentialProviderConfig ? { credentialProviderConfig: cfg.credentialProviderConfig } : {}),
  };
}
