// Where the two containerd instances live under the root directory (Talos's paths: the system instance
// under /system, the CRI instance at containerd's defaults with its config in /etc/cri) and their
// configuration files. Talos ships containerd 2.x configs (version 3); the files here are version 2,
// which containerd 1.6 reads and 2.x migrates, with the plugin names of both listed where they differ.
import { join } from 'node:path';
import { PAUSE_IMAGE } from '../src/k8s/defaults';
import { canLowerOomScore } from '../src/system/process-caps';

export interface ContainerdPaths {
  readonly config: string;
  readonly root: string;
  readonly state: string;
  readonly socket: string;
}

/** The system instance (Talos constants.SystemContainerdAddress and its --root/--state). */
export function systemContainerdPaths(rootDir: string): ContainerdPaths {
  return {
    config: join(rootDir, 'etc/containerd/config.toml'),
    root: join(rootDir, 'system/var/lib/containerd'),
    state: join(rootDir, 'system/run/containerd'),
    socket: join(rootDir, 'system/run/containerd/containerd.sock'),
  };
}

/** The CRI instance (constants.CRIContainerdAddress, CRIContainerdConfig, containerd's default dirs). */
export function criContainerdPaths(rootDir: string): ContainerdPaths {
  return {
    config: join(rootDir, 'etc/cri/containerd.toml'),
    root: join(rootDir, 'var/lib/containerd'),
    state: join(rootDir, 'run/containerd'),
    socket: join(rootDir, 'run/containerd/containerd.sock'),
  };
}

/** The containerd namespaces Talos uses (constants.SystemContainerdNamespace, K8sContainerdNamespace). */
export const SYSTEM_NAMESPACE = 'system';
export const K8S_NAMESPACE = 'k8s.io';

/** The socket serving a namespace: `system` is the system instance, anything else the CRI one. */
export function socketForNamespace(rootDir: string, namespace: string): string {
  return namespace === SYSTEM_NAMESPACE
    ? systemContainerdPaths(rootDir).socket
    : criContainerdPaths(rootDir).socket;
}

/** Plugins Talos disables in both instances (tracing), by their 1.x and 2.x names. */
const COMMON_DISABLED = [
  'io.containerd.differ.v1.erofs',
  'io.containerd.internal.v1.tracing',
  'io.containerd.snapshotter.v1.blockfile',
  'io.containerd.snapshotter.v1.erofs',
  'io.containerd.ttrpc.v1.otelttrpc',
  'io.containerd.tracing.processor.v1.otlp',
];

/** The system instance runs no CRI, sandboxes, NRI or restart monitor (Talos hack/containerd.toml). */
const SYSTEM_DISABLED = [
  ...COMMON_DISABLED,
  'io.containerd.cri.v1.images',
  'io.containerd.cri.v1.runtime',
  'io.containerd.grpc.v1.cri',
  'io.containerd.grpc.v1.sandbox-controllers',
  'io.containerd.grpc.v1.sandboxes',
  'io.containerd.internal.v1.opt',
  'io.containerd.internal.v1.restart',
  'io.containerd.monitor.container.v1.restart',
  'io.containerd.nri.v1.nri',
  'io.containerd.podsandbox.controller.v1.podsandbox',
  'io.containerd.sandbox.controller.v1.podsandbox',
  'io.containerd.sandbox.controller.v1.shim',
  'io.containerd.sandbox.controller.v1',
  'io.containerd.sandbox.store.v1.local',
  'io.containerd.sandbox.store.v1',
].sort();

/** The CRI instance also leaves out /opt handling (it would write outside the root directory). */
const CRI_DISABLED = [...COMMON_DISABLED, 'io.containerd.internal.v1.opt'].sort();

const str = (s: string): string => JSON.stringify(s);
const list = (items: readonly string[]): string =>
  items.length === 0 ? '[]' : `[\n${items.map((i) => `    ${str(i)},`).join('\n')}\n]`;

function header(paths: ContainerdPaths, disabled: readonly string[]): string {
  return [
    'version = 2',
    '',
    `root = ${str(paths.root)}`,
    `state = ${str(paths.state)}`,
    '',
    `disabled_plugins = ${list(disabled)}`,
    '',
    '[grpc]',
    `  address = ${str(paths.socket)}`,
    '',
    '[debug]',
    '  level = "info"',
    '  format = "json"',
    '',
  ].join('\n');
}

/** The system instance's config.toml. */
export function renderSystemConfig(paths: ContainerdPaths): string {
  return header(paths, SYSTEM_DISABLED);
}

/** The registry hosts directory and the configuration parts of the CRI instance (Talos's paths). */
export const criHostsDir = (rootDir: string): string => join(rootDir, 'etc/cri/conf.d/hosts');
export const criConfigPartsDir = (rootDir: string): string => join(rootDir, 'etc/cri/conf.d');

export interface CRIBaseConfigOptions {
  /**
   * Keep pods' OOM scores at or above containerd's own: for a host where this process lacks
   * CAP_SYS_RESOURCE (runc cannot lower a score there, and fails to start any pod sandbox, -998).
   */
  readonly restrictOomScoreAdj?: boolean;
}

/**
 * The CRI instance's base containerd.toml: the CRI plugin with CNI under the root directory, registry
 * hosts from /etc/cri/conf.d/hosts, and the sandbox (pause) image of Talos's containerd.
 */
export function renderCRIBaseConfig(
  paths: ContainerdPaths,
  rootDir: string,
  opts: CRIBaseConfigOptions = {},
): string {
  const cri = '[plugins."io.containerd.grpc.v1.cri"]';
  return [
    header(paths, CRI_DISABLED),
    cri,
    // A random streaming port: several nodes may share one host in container mode.
    '  stream_server_address = "127.0.0.1"',
    '  stream_server_port = "0"',
    `  sandbox_image = ${str(PAUSE_IMAGE)}`,
    ...(opts.restrictOomScoreAdj === true ? ['  restrict_oom_score_adj = true'] : []),
    '',
    '[plugins."io.containerd.grpc.v1.cri".registry]',
    `  config_path = ${str(criHostsDir(rootDir))}`,
    '',
    '[plugins."io.containerd.grpc.v1.cri".containerd]',
    '  discard_unpacked_layers = true',
    '',
    '[plugins."io.containerd.grpc.v1.cri".cni]',
    `  bin_dir = ${str(join(rootDir, 'opt/cni/bin'))}`,
    `  conf_dir = ${str(join(rootDir, 'etc/cni/net.d'))}`,
    '',
  ].join('\n');
}

/**
 * The CRI instance's containerd.toml: the base (OOM scores restricted where this process cannot lower
 * them) with /etc/cri/conf.d/*.part merged over it.
 */
export async function renderCRIConfig(paths: ContainerdPaths, rootDir: string): Promise<string> {
  const { mergeConfigParts } = await import('../src/containerd/config-parts');
  const restrictOomScoreAdj = !(await canLowerOomScore());
  return mergeConfigParts(
    renderCRIBaseConfig(paths, rootDir, { restrictOomScoreAdj }),
    criConfigPartsDir(rootDir),
  );
}
