// The shell scripts of a node sandbox (see node-sandbox.ts): the prelude, run on the host, that moves
// itself into the node's cgroups and enters the namespaces; and the init, PID 1 of the node's PID
// namespace, that assembles the node's root file system and runs the node's program.
//
// The node's root is a tmpfs holding: the host's /usr (read-only) and its /bin, /sbin, /lib… links;
// a fresh /proc (the node's PID namespace) with private copies of the host-wide kernel parameters a
// node writes; a fresh /sys of the node's network namespace, with cgroupfs mounted inside the node's
// cgroup namespace (its cgroups are the node's subtree); the host's /dev with a private /dev/shm; a
// private /tmp; /etc as an overlay of the host's /etc (writes go to the state directory) with the node's
// /etc directories bound over it; the state directory at its own path; and, bound from the state
// directory once the root is shared (so that mounts made under either path show under both): /var,
// /run, /system and /opt (with the CNI plugins at /opt/cni/bin). The programs of the node — the agent,
// its containerd instances, runc, the kubelet — thus see the same paths for the same files.

/** A v1 or v2 cgroup hierarchy of the host and where this process is in it. */
export interface CgroupHierarchy {
  /** Where the host mounts it, e.g. /sys/fs/cgroup/memory. */
  readonly mountPoint: string;
  readonly fsType: 'cgroup' | 'cgroup2';
  /** The super options that name the hierarchy (`memory`, `none,name=systemd`); empty for cgroup2. */
  readonly options: string;
  /** The node's cgroup: a directory under the mount point (created by the caller). */
  readonly nodeDir: string;
}

/** An entry of the host's root directory that the node gets as it is. */
export type HostRootEntry =
  | { readonly name: string; readonly kind: 'symlink'; readonly target: string }
  | { readonly name: string; readonly kind: 'dir' };

export interface SandboxScriptOptions {
  readonly stateDir: string;
  /** A network namespace file to enter (`/run/netns/<name>`); absent: a new one with only loopback. */
  readonly netnsPath?: string;
  readonly cgroups: readonly CgroupHierarchy[];
  /** The host's /usr and its companions (bin, sbin, lib…), as they are on the host. */
  readonly systemEntries: readonly HostRootEntry[];
  /** More host paths bound read-only at the same path (e.g. the agent's program). */
  readonly readOnlyPaths: readonly string[];
  /** A directory of CNI plugins bound read-only at /opt/cni/bin. */
  readonly cniBinDir?: string;
  /** The node's private copies of host-wide kernel parameters: /proc/sys path → initial value. */
  readonly kernelParams: Readonly<Record<string, string>>;
}

/** The state directory's sub-directories that become the node's top-level directories. */
export const NODE_TOP_DIRS = ['var', 'run', 'system', 'opt'] as const;
/** The node's own /etc directories, bound over the host's /etc (created when missing). */
export const NODE_ETC_DIRS = ['kubernetes', 'cni', 'cri', 'containerd'] as const;
/** Where the sandbox keeps its own things under the state directory. */
export const SANDBOX_DIR = '.sandbox';

/**
 * Host-wide kernel parameters that a node's programs set (the kubelet checks and sets these unless its
 * kernel defaults are protected) with the values Kubernetes expects on a node. Each is a file of the
 * node's own, bound over /proc/sys: reads see the node's value, writes change only the copy.
 */
export const NODE_KERNEL_PARAMS: Readonly<Record<string, string>> = {
  'vm/overcommit_memory': '1',
  'vm/panic_on_oom': '0',
  'kernel/panic': '10',
  'kernel/panic_on_oops': '1',
  'kernel/keys/root_maxkeys': '1000000',
  'kernel/keys/root_maxbytes': '25000000',
};

/** A word for the shell: single-quoted. */
export const shq = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

const join = (...parts: string[]): string => parts.join('/').replace(/\/+/g, '/');

/**
 * The prelude (`bash -c`, on the host): joins the node's cgroups, then enters the namespaces and runs
 * the init script (a file: `initFile`).
 */
export function preludeScript(opts: SandboxScriptOptions, initFile: string): string {
  const lines = ['set -eu'];
  for (const c of opts.cgroups) lines.push(`echo $$ > ${shq(join(c.mountPoint, c.nodeDir, 'cgroup.procs'))}`);
  const unshare = [
    'unshare',
    '--mount',
    '--pid',
    '--cgroup',
    '--uts',
    '--ipc',
    ...(opts.netnsPath === undefined ? ['--net'] : []),
    '--fork',
    '--kill-child',
    '--propagation',
    'private',
    '--',
    'bash',
    initFile,
  ];
  const enter = opts.netnsPath === undefined ? [] : ['nsenter', `--net=${opts.netnsPath}`, '--'];
  lines.push(`exec ${[...enter, ...unshare].map(shq).join(' ')} "$@"`);
  return lines.join('\n');
}

/** The node's init: PID 1 of its PID namespace; `"$@"` is the node's program. */
export function initScript(opts: SandboxScriptOptions): string {
  const S = opts.stateDir;
  const box = join(S, SANDBOX_DIR);
  const R = join(box, 'root');
  const r = (p: string): string => shq(join(R, p));
  const L: string[] = ['set -eu'];
  const mount = (...args: string[]): void => void L.push(`mount ${args.join(' ')}`);
  const mkdir = (p: string): void => void L.push(`mkdir -p ${p}`);

  // The root: a tmpfs that recursive binds leave out.
  mkdir(shq(R));
  mount('-t tmpfs -o mode=0755 talos-ts-node', shq(R));
  mount('--make-unbindable', shq(R));
  for (const e of opts.systemEntries) {
    if (e.kind === 'symlink') L.push(`ln -s ${shq(e.target)} ${r(e.name)}`);
    else {
      mkdir(r(e.name));
      mount('--rbind', shq(`/${e.name}`), r(e.name));
      mount('-o remount,bind,ro', r(e.name));
    }
  }
  // /proc of the node's PID namespace, with its private copies of host-wide kernel parameters.
  mkdir(r('proc'));
  mount('-t proc proc', r('proc'));
  mkdir(shq(join(box, 'sysctl')));
  for (const [param, value] of Object.entries(opts.kernelParams)) {
    const copy = shq(join(box, 'sysctl', param.replaceAll('/', '.')));
    L.push(`[ -e ${copy} ] || echo ${shq(value)} > ${copy}`);
    L.push(
      `if [ -e ${r(join('proc/sys', param))} ]; then mount --bind ${copy} ${r(join('proc/sys', param))}; fi`,
    );
  }
  // /sys of the node's network namespace; cgroupfs as seen from its cgroup namespace.
  mkdir(r('sys'));
  mount('-t sysfs sysfs', r('sys'));
  mount('-t tmpfs -o mode=0755 cgroup', r('sys/fs/cgroup'));
  for (const c of opts.cgroups) {
    const at = r(join('sys/fs/cgroup', c.mountPoint.replace(/^\/sys\/fs\/cgroup\/?/, '')));
    mkdir(at);
    if (c.fsType === 'cgroup2') mount('-t cgroup2 cgroup2', at);
    else mount(`-t cgroup -o ${shq(c.options)} cgroup`, at);
  }
  // The host's devices, a private /dev/shm and /tmp.
  mkdir(r('dev'));
  mount('--rbind /dev', r('dev'));
  mount('-t tmpfs -o mode=1777,nosuid,nodev shm', r('dev/shm'));
  mkdir(r('tmp'));
  mount('-t tmpfs -o mode=1777 tmp', r('tmp'));
  // /etc: the host's, with the node's writes in the state directory and its own directories over it.
  for (const d of ['etc-upper', 'etc-work']) mkdir(shq(join(box, d)));
  mkdir(r('etc'));
  mount(
    `-t overlay overlay -o ${shq(`lowerdir=/etc,upperdir=${join(box, 'etc-upper')},workdir=${join(box, 'etc-work')}`)}`,
    r('etc'),
  );
  for (const d of NODE_ETC_DIRS) {
    mkdir(shq(join(S, 'etc', d)));
    mkdir(r(join('etc', d)));
    mount('--bind', shq(join(S, 'etc', d)), r(join('etc', d)));
  }
  // The state directory at its own path, the agent's program and the CNI plugins.
  mkdir(r(S));
  mount('--rbind', shq(S), r(S));
  for (const p of opts.readOnlyPaths) {
    mkdir(r(p));
    mount('--rbind', shq(p), r(p));
    mount('-o remount,bind,ro', r(p));
  }
  for (const d of NODE_TOP_DIRS) mkdir(r(d));

  // Into the new root; the host's is let go.
  L.push(`cd ${shq(R)}`, 'mkdir -p .host', 'pivot_root . .host', 'cd /', 'umount -l /.host', 'rmdir /.host');
  // Shared from here: the node's directories bound from the state directory are peers of its mount.
  mount('--make-rshared /');
  for (const d of NODE_TOP_DIRS) mkdir(shq(join(S, d)));
  L.push(`[ -e ${shq(join(S, 'var/run'))} ] || ln -s ../run ${shq(join(S, 'var/run'))}`);
  if (opts.cniBinDir !== undefined) {
    mkdir(shq(join(S, 'opt/cni/bin')));
    mount('--bind -o ro', shq(opts.cniBinDir), shq(join(S, 'opt/cni/bin')));
  }
  for (const d of NODE_TOP_DIRS) mount('--rbind', shq(join(S, d)), shq(`/${d}`));
  if (opts.netnsPath === undefined) L.push('ip link set lo up');

  // Run the node's program; a TERM or INT is passed on; when it ends, so does the namespace.
  L.push(
    'child=',
    `trap 'if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null || true; fi' TERM INT`,
    '"$@" &',
    'child=$!',
    'rc=0',
    'while :; do',
    '  rc=0',
    '  wait "$child" || rc=$?',
    '  kill -0 "$child" 2>/dev/null || break',
    'done',
    // A wait cut short by the trap answers 128+15 even when the program ended meanwhile: its own
    // status is then still there to collect (127 once it was collected).
    'if [ "$rc" -gt 128 ]; then',
    '  last=0',
    '  wait "$child" 2>/dev/null || last=$?',
    '  if [ "$last" -ne 127 ]; then rc=$last; fi',
    'fi',
    'exit "$rc"',
  );
  return L.join('\n');
}
