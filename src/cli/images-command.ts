// `talos-ts images [default|k8s-bundle]`: the Kubernetes images a node of this version uses, one per
// line in the order `talosctl images default` prints them — the list `make k8s-images` builds and an
// air-gapped registry must hold. Flags as talosctl's: --k8s-version, --coredns-version,
// --etcd-version, --flannel-version.
import { UsageError } from './args';
import {
  DEFAULT_COREDNS_IMAGE,
  DEFAULT_ETCD_IMAGE,
  DEFAULT_KUBERNETES_VERSION,
  FLANNEL_IMAGE,
  KUBE_NETWORK_POLICIES_IMAGE,
  PAUSE_IMAGE,
} from '../k8s/defaults';

const withTag = (ref: string, tag: string | undefined): string =>
  tag === undefined ? ref : `${ref.slice(0, ref.lastIndexOf(':'))}:${tag}`;

/** The images, as `talosctl images default` lists them. */
export function defaultImages(
  versions: { k8s?: string; coredns?: string; etcd?: string; flannel?: string } = {},
): string[] {
  const k8s = versions.k8s ?? `v${DEFAULT_KUBERNETES_VERSION}`;
  return [
    withTag(FLANNEL_IMAGE, versions.flannel),
    withTag(DEFAULT_COREDNS_IMAGE, versions.coredns),
    withTag(DEFAULT_ETCD_IMAGE, versions.etcd),
    PAUSE_IMAGE,
    `registry.k8s.io/kube-apiserver:${k8s}`,
    `registry.k8s.io/kube-controller-manager:${k8s}`,
    `registry.k8s.io/kube-scheduler:${k8s}`,
    `registry.k8s.io/kube-proxy:${k8s}`,
    `ghcr.io/siderolabs/kubelet:${k8s}`,
    KUBE_NETWORK_POLICIES_IMAGE,
  ];
}

const FLAGS: Record<string, 'k8s' | 'coredns' | 'etcd' | 'flannel'> = {
  '--k8s-version': 'k8s',
  '--coredns-version': 'coredns',
  '--etcd-version': 'etcd',
  '--flannel-version': 'flannel',
};

export function runImages(args: readonly string[], out: { write(s: string): unknown }): number {
  const versions: Partial<Record<'k8s' | 'coredns' | 'etcd' | 'flannel', string>> = {};
  const rest = [...args];
  if (rest[0] === 'default' || rest[0] === 'k8s-bundle') rest.shift();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const key = FLAGS[name];
    if (key === undefined) throw new UsageError(`unknown flag or command: ${arg}`);
    const value = inline ?? rest[++i];
    if (value === undefined || value === '') throw new UsageError(`flag needs an argument: ${name}`);
    versions[key] = value;
  }
  for (const image of defaultImages(versions)) out.write(`${image}\n`);
  return 0;
}
