// The node's file system as the file methods of the API (Read, List, Copy, DiskUsage) show it. On metal
// and inside a node sandbox the process's own `/` is the node's `/`, as it is for Talos in its
// container. An agent sharing the host (container mode without a sandbox) shows its state directory as
// `/`, with the kernel's views (/proc, /sys, /dev) as they are; a path that leads out of that root
// through a symbolic link is refused, so the node never hands out the host's files.
import { realpath } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';

export type NodePathProblem = 'not-absolute' | 'outside';

export class NodePathError extends Error {
  constructor(
    readonly problem: NodePathProblem,
    message: string,
  ) {
    super(message);
    this.name = 'NodePathError';
  }
}

export const isNodePathError = (e: unknown): e is NodePathError => e instanceof NodePathError;

const KERNEL_VIEWS = /^\/(proc|sys|dev)(\/|$)/;

const inside = (dir: string, p: string): boolean => {
  const rel = relative(dir, p);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

export class NodeFileView {
  /** `root`: the host directory shown as `/` (`/` itself on metal and in a node sandbox). */
  constructor(readonly root: string) {}

  /** The node's path cleaned (`/a/../b/` → `/b`); relative paths are refused. */
  clean(path: string): string {
    if (!isAbsolute(path))
      throw new NodePathError('not-absolute', `path ${JSON.stringify(path)} is not absolute`);
    const p = normalize(path);
    return p.length > 1 ? p.replace(/\/+$/, '') : p;
  }

  /** Where a node path is on the host (no symbolic links followed). */
  hostPath(nodePath: string): string {
    const p = this.clean(nodePath);
    if (this.root === '/' || KERNEL_VIEWS.test(p)) return p;
    return join(this.root, p);
  }

  /** The node path of a host path under the root (or a kernel view). */
  nodePath(hostPath: string): string {
    if (this.root === '/' || KERNEL_VIEWS.test(hostPath)) return hostPath;
    const rel = relative(this.root, hostPath);
    return rel === '' ? '/' : `/${rel}`;
  }

  /**
   * The host path of `nodePath` with its symbolic links resolved, refused when they lead outside the
   * node's view. A missing path is returned unresolved (the caller's stat names it).
   */
  async resolve(nodePath: string): Promise<string> {
    const host = this.hostPath(nodePath);
    if (this.root === '/') return host;
    let real: string;
    try {
      real = await realpath(host);
    } catch {
      return host;
    }
    if (inside(this.root, real) || KERNEL_VIEWS.test(real)) return real;
    throw new NodePathError('outside', `${this.clean(nodePath)} leads outside the node's file system`);
  }
}
