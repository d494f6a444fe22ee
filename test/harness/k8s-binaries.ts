// The Kubernetes binaries `make k8s-images` builds (images/k8s/build.sh) into _out/k8s/bin/<version>/
// (K8S_OUT moves _out/k8s). A test that needs one fails naming the target when it is missing: CI builds
// them with the images, or restores _out/k8s from its cache.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './agent';
import { ToolMissingError } from './tools';

/** Talos v1.13.9's default Kubernetes version, the one `make k8s-images` builds. */
export const K8S_VERSION = 'v1.36.3';

export type K8sBinary =
  'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kube-proxy' | 'kubelet' | 'kubectl';

export function k8sBinaryPath(name: K8sBinary, version = K8S_VERSION): string {
  return join(process.env['K8S_OUT'] ?? join(REPO, '_out', 'k8s'), 'bin', version, name);
}

/** The binary's path; throws naming `make k8s-images` when it was not built. */
export function requireK8sBinary(name: K8sBinary, version = K8S_VERSION): string {
  const path = k8sBinaryPath(name, version);
  if (!existsSync(path))
    throw new ToolMissingError(
      `${name} ${version} is missing at ${path}: build it with \`make k8s-images\` (K8S_VERSIONS=${version})`,
    );
  return path;
}
