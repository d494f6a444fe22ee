// The OCI runtime spec of a service's container, as containerd's default Linux spec plus the options
// Talos's containerd runner and its services apply: the image's config (environment, working dir), the
// process arguments, no new privileges, host namespaces, cgroup placement, OOM score, extra mounts and,
// for privileged services (the kubelet), every capability and device with no masked or read-only paths.
import type { ImageConfig } from '../containerd/image';

/** An OCI mount (runtime-spec `specs.Mount`). */
export interface OciMount {
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
}

export type HostNamespace = 'network' | 'pid' | 'ipc' | 'uts';

export interface ContainerSpecOptions {
  /** The process's arguments (the image's entrypoint and command when empty). */
  readonly args?: readonly string[];
  /** Added to the image's environment (KEY=value), overriding the same keys. */
  readonly env?: readonly string[];
  readonly imageConfig?: ImageConfig;
  readonly cwd?: string;
  readonly hostNamespaces?: readonly HostNamespace[];
  /** All grantable capabilities and devices, writable /sys and cgroupfs, nothing masked or read-only. */
  readonly privileged?: boolean;
  /** The capabilities this process may grant (its bounding set); default all. */
  readonly grantable?: readonly string[];
  /** After the default mounts, in order. */
  readonly mounts?: readonly OciMount[];
  /** linux.cgroupsPath, e.g. Talos's /podruntime/kubelet. */
  readonly cgroupsPath?: string;
  readonly oomScoreAdj?: number;
  /** linux.rootfsPropagation (Talos's kubelet: shared). */
  readonly rootfsPropagation?: string;
}

export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** containerd's default capability set for unprivileged containers. */
export const DEFAULT_CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

/** Every Linux capability up to CAP_CHECKPOINT_RESTORE (40), in number order. */
export const ALL_CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
];

const MASKED_PATHS = [
  '/proc/acpi',
  '/proc/asound',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/sys/firmware',
  '/proc/scsi',
];
const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** containerd's default mounts: proc, a tmpfs /dev with pts, shm and mqueue, sysfs (ro), a tmpfs /run. */
function defaultMounts(privileged: boolean): OciMount[] {
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    {
      destination: '/dev',
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
    },
    {
      destination: '/dev/pts',
      type: 'devpts',
      source: 'devpts',
      options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
    },
    {
      destination: '/dev/shm',
      type: 'tmpfs',
      source: 'shm',
      options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'],
    },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    {
      destination: '/sys',
      type: 'sysfs',
      source: 'sysfs',
      // oci.WithWriteableSysfs drops "ro" for privileged services.
      options: privileged ? ['nosuid', 'noexec', 'nodev'] : ['nosuid', 'noexec', 'nodev', 'ro'],
    },
    {
      destination: '/run',
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
    },
  ];
}

/** The capability names set in a /proc/<pid>/status mask (hex), e.g. CapBnd. */
export function capabilitiesOf(maskHex: string): string[] {
  const mask = BigInt(`0x${maskHex}`);
  return ALL_CAPABILITIES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

/** The image's environment with `extra` applied over it (same keys replaced in place, new ones appended). */
export function mergeEnv(base: readonly string[], extra: readonly string[]): string[] {
  const out = [...base];
  for (const kv of extra) {
    const key = kv.split('=', 1)[0]!;
    const at = out.findIndex((e) => e.split('=', 1)[0] === key);
    if (at >= 0) out[at] = kv;
    else out.push(kv);
  }
  return out;
}

/** The runtime spec (JSON object) of a service container. */
export function containerSpec(opts: ContainerSpecOptions): Record<string, unknown> {
  const privileged = opts.privileged ?? false;
  const image = opts.imageConfig ?? {};
  const imageArgs = [...(image.Entrypoint ?? []), ...(image.Cmd ?? [])];
  const args = opts.args && opts.args.length > 0 ? [...opts.args] : imageArgs;
  if (args.length === 0) throw new RangeError('the container has no process arguments');
  const host = new Set(opts.hostNamespaces ?? []);
  const grantable = new Set(opts.grantable ?? ALL_CAPABILITIES);
  const caps = (privileged ? ALL_CAPABILITIES : DEFAULT_CAPABILITIES).filter((c) => grantable.has(c));
  const namespaces = ['pid', 'ipc', 'uts', 'mount', 'network']
    .filter((t) => !host.has(t as HostNamespace))
    .map((type) => ({ type }));
  const process: Record<string, unknown> = {
    user: { uid: 0, gid: 0 },
    args,
    env: mergeEnv(image.Env && image.Env.length > 0 ? image.Env : [DEFAULT_PATH], opts.env ?? []),
    cwd: opts.cwd ?? (image.WorkingDir || '/'),
    capabilities: { bounding: caps, effective: caps, permitted: caps },
    rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
    noNewPrivileges: true,
    ...(opts.oomScoreAdj !== undefined && opts.oomScoreAdj !== 0 ? { oomScoreAdj: opts.oomScoreAdj } : {}),
  };
  const linux: Record<string, unknown> = {
    resources: { devices: [{ allow: privileged, access: 'rwm' }] },
    ...(opts.cgroupsPath ? { cgroupsPath: opts.cgroupsPath } : {}),
    namespaces,
    ...(privileged ? {} : { maskedPaths: MASKED_PATHS, readonlyPaths: READONLY_PATHS }),
    ...(opts.rootfsPropagation ? { rootfsPropagation: opts.rootfsPropagation } : {}),
  };
  return {
    ociVersion: '1.0.2-dev',
    process,
    root: { path: 'rootfs' },
    mounts: [...defaultMounts(privileged), ...(opts.mounts ?? []).map((m) => ({ ...m }))],
    linux,
  };
}
