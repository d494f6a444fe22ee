// The host tools a test needs. A missing tool fails the test with the Debian package to install
// (`.ci/run` installs them all); a test never skips because of one.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export class ToolMissingError extends Error {
  override name = 'ToolMissingError';
}

/** The tools the tests use, and the Debian package each comes from. */
export const TOOL_PACKAGES = {
  openssl: 'openssl',
  ip: 'iproute2',
  wg: 'wireguard-tools',
  arping: 'iputils-arping',
  tcpdump: 'tcpdump',
  getfattr: 'attr',
  setfattr: 'attr',
  'docker-registry': 'docker-registry',
  dnsmasq: 'dnsmasq-base',
  chronyd: 'chrony',
  partx: 'util-linux',
  losetup: 'mount',
  mount: 'mount',
  blkid: 'util-linux',
  'mkfs.vfat': 'dosfstools',
  'mkfs.ext4': 'e2fsprogs',
  'mkfs.xfs': 'xfsprogs',
  cryptsetup: 'cryptsetup-bin',
  mcopy: 'mtools',
  'grub-mkimage': 'grub-common',
  etcd: 'etcd-server',
  etcdctl: 'etcd-client',
  containerd: 'containerd',
  ctr: 'containerd',
  runc: 'runc',
  busybox: 'busybox',
  go: 'golang-go',
  'qemu-system-x86_64': 'qemu-system-x86',
} as const;
export type Tool = keyof typeof TOOL_PACKAGES;

/** The tool's path on PATH, or undefined. */
export function which(tool: string): string | undefined {
  try {
    return (
      execFileSync('sh', ['-c', `command -v "$1"`, 'sh', tool], { encoding: 'utf8' }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/** The tool's path; throws naming the package to install when it is not on PATH. */
export function requireTool(tool: Tool): string {
  const path = which(tool);
  if (path === undefined)
    throw new ToolMissingError(
      `${tool} is missing: install it with \`apt-get install ${TOOL_PACKAGES[tool]}\` (.ci/run does)`,
    );
  return path;
}

/** Every tool of `tools` (see requireTool). */
export function requireTools(...tools: Tool[]): void {
  const missing = tools.filter((t) => which(t) === undefined);
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((t) => TOOL_PACKAGES[t]))].join(' ');
    throw new ToolMissingError(
      `${missing.join(', ')} missing: install with \`apt-get install ${packages}\` (.ci/run does)`,
    );
  }
}

/** A file a Debian package provides (GRUB's module directories, OVMF); throws naming the package. */
export function requireFile(path: string, debianPackage: string): string {
  if (!existsSync(path))
    throw new ToolMissingError(
      `${path} is missing: install it with \`apt-get install ${debianPackage}\` (.ci/run does)`,
    );
  return path;
}

/** Tests that make loop devices, mounts or network namespaces run as root, as CI does. */
export function requireRoot(what: string): void {
  if (process.getuid?.() !== 0)
    throw new ToolMissingError(
      `${what} needs root (loop devices, mounts, network namespaces): run the tests as root, as CI does`,
    );
}
