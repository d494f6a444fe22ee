// The CRI containerd (Talos services.CRI): containerd with the CRI plugin for the kubelet, its config
// at /etc/cri/containerd.toml and socket /run/containerd/containerd.sock under the root directory,
// OOM score -500, restarted forever, healthy while its grpc health service answers SERVING. Without
// CNI configuration the CRI plugin still loads (it reports the network as not ready) and containerd
// serves.
import { criContainerdPaths, renderCRIConfig, type ContainerdPaths } from './containerd-config';
import { ContainerdInstance } from './containerd-instance';
import type { ContainerdServiceOptions } from './containerd';

export const CRI_SERVICE_ID = 'cri';

/** Talos's arguments: the socket and the config. */
export const criContainerdArgs = (p: ContainerdPaths): string[] => [
  '--address',
  p.socket,
  '--config',
  p.config,
];

export function criService(opts: ContainerdServiceOptions = {}): ContainerdInstance {
  return new ContainerdInstance({
    id: CRI_SERVICE_ID,
    paths: criContainerdPaths,
    render: renderCRIConfig,
    args: criContainerdArgs,
    oomScoreAdj: -500,
    ...opts,
  });
}
