// The system containerd (Talos services.Containerd): Talos's own containers in the `system` namespace,
// no CRI; listens on /system/run/containerd/containerd.sock under the root directory, OOM score -999,
// restarted forever, healthy while its grpc health service answers SERVING.
import { renderSystemConfig, systemContainerdPaths, type ContainerdPaths } from './containerd-config';
import { ContainerdInstance } from './containerd-instance';

export const CONTAINERD_SERVICE_ID = 'containerd';

export interface ContainerdServiceOptions {
  /** The containerd binary (default: $TALOS_TS_CONTAINERD_BIN, else /usr/bin/containerd). */
  readonly bin?: string;
  readonly restartIntervalMs?: number;
}

/** Talos's arguments: the socket, state and root directories (and here the config disabling CRI). */
export const systemContainerdArgs = (p: ContainerdPaths): string[] => [
  '--address',
  p.socket,
  '--state',
  p.state,
  '--root',
  p.root,
  '--config',
  p.config,
];

export function containerdService(opts: ContainerdServiceOptions = {}): ContainerdInstance {
  return new ContainerdInstance({
    id: CONTAINERD_SERVICE_ID,
    paths: systemContainerdPaths,
    render: (paths) => renderSystemConfig(paths),
    args: systemContainerdArgs,
    oomScoreAdj: -999,
    ...opts,
  });
}
