// etcd's command line as Talos builds it (argsForControlPlane): fixed arguments that extra args may not
// override, the cluster-state arguments for the start mode, `--key=value` sorted by key.
import { joinHostPort } from '../src/etcd/client';
import { ETCD_CLIENT_PORT, ETCD_PEER_PORT } from '../src/etcd/local';
import type { EtcdSpecSpec } from '../src/resources/etcd/spec';
import type { EtcdPaths } from './etcd-paths';
import { ExtraArgDeniedError } from '../src/config/errors';

/** How this start begins: a new cluster, joining one (as a learner), or an existing data directory. */
export type EtcdStartMode =
  | { readonly kind: 'bootstrap' }
  | { readonly kind: 'join'; readonly initialCluster: string }
  | { readonly kind: 'existing' };

export const etcdURL = (addr: string, port: number): string => `https://${joinHostPort(addr, port)}`;
export const etcdURLs = (addrs: readonly string[], port: number): string[] =>
  addrs.map((a) => etcdURL(a, port));

/** "name=url,name=url" for one member. */
export const clusterURLs = (name: string, urls: readonly string[]): string =>
  urls.map((u) => `${name}=${u}`).join(',');

/** The version of etcd, for the flags that older releases lack. */
export interface EtcdVersion {
  readonly major: number;
  readonly minor: number;
}

export interface EtcdArgsInput {
  readonly spec: EtcdSpecSpec;
  readonly paths: EtcdPaths;
  readonly mode: EtcdStartMode;
  /** The etcd binary's version; flags that 3.4 lacks are left out for it (default: 3.6). */
  readonly version?: EtcdVersion;
  /**
   * Agents sharing one host on 127.0.0.x: peers connect from 127.0.0.1, not from the address in their
   * certificate, so etcd must not match the peer's source address against its certificate's SANs.
   */
  readonly sharedHost?: boolean;
}

/** The arguments after the binary. Throws ExtraArgDeniedError for an extra arg Talos sets itself. */
export function etcdArgs(input: EtcdArgsInput): string[] {
  const { spec, paths, mode } = input;
  const version = input.version ?? { major: 3, minor: 6 };
  const args = new Map<string, string[]>([
    ['name', [spec.name]],
    ['auto-tls', ['false']],
    ['peer-auto-tls', ['false']],
    ['data-dir', [paths.dataDir]],
    ['listen-peer-urls', [etcdURLs(spec.listenPeerAddresses, ETCD_PEER_PORT).join(',')]],
    ['listen-client-urls', [etcdURLs(spec.listenClientAddresses, ETCD_CLIENT_PORT).join(',')]],
    ['client-cert-auth', ['true']],
    ['cert-file', [paths.serverCert]],
    ['key-file', [paths.serverKey]],
    ['trusted-ca-file', [paths.caCert]],
    ['peer-client-cert-auth', ['true']],
    ['peer-cert-file', [paths.peerCert]],
    ['peer-key-file', [paths.peerKey]],
    ['peer-trusted-ca-file', [paths.caCert]],
    ['experimental-initial-corrupt-check', ['true']],
    ['experimental-watch-progress-notify-interval', ['5s']],
  ]);
  // etcd 3.4 has no compaction hash check (added in 3.5) and refuses unknown flags.
  if (version.major > 3 || version.minor >= 5) args.set('experimental-compact-hash-check-enabled', ['true']);
  if (input.sharedHost) args.set('experimental-peer-skip-client-san-verification', ['true']);

  const extra = spec.extraArgs;
  const has = (k: string): boolean => Object.hasOwn(extra, k);
  const peerURLs = etcdURLs(spec.advertisedAddresses, ETCD_PEER_PORT);
  if (mode.kind !== 'existing') {
    if (!has('initial-cluster-state'))
      args.set('initial-cluster-state', [mode.kind === 'bootstrap' ? 'new' : 'existing']);
    if (!has('initial-cluster'))
      args.set('initial-cluster', [
        mode.kind === 'bootstrap' ? clusterURLs(spec.name, peerURLs) : mode.initialCluster,
      ]);
  }
  if (!has('advertise-client-urls'))
    args.set('advertise-client-urls', [etcdURLs(spec.advertisedAddresses, ETCD_CLIENT_PORT).join(',')]);
  if (!has('initial-advertise-peer-urls')) args.set('initial-advertise-peer-urls', [peerURLs.join(',')]);

  for (const [k, v] of Object.entries(extra)) {
    if (args.has(k)) throw new ExtraArgDeniedError(k);
    args.set(k, [...v.values]);
  }
  return [...args.keys()].sort().flatMap((k) => (args.get(k) ?? []).map((v) => `--${k}=${v}`));
}

/** Listen addresses with the unspecified ones (0.0.0.0, ::) replaced by the advertised addresses. */
export function bindToAdvertised(spec: EtcdSpecSpec): EtcdSpecSpec {
  const specific = (l: readonly string[]): string[] => {
    const out = l.filter((a) => a !== '0.0.0.0' && a !== '::');
    return out.length === l.length ? [...l] : [...new Set([...out, ...spec.advertisedAddresses])];
  };
  return {
    ...spec,
    listenPeerAddresses: specific(spec.listenPeerAddresses),
    listenClientAddresses: specific(spec.listenClientAddresses),
  };
}

/** "etcd Version: 3.4.23" (first line of `etcd --version`) → { major: 3, minor: 4 }. */
export function parseEtcdVersion(text: string): EtcdVersion | undefined {
  const m = /etcd Version:\s*(\d+)\.(\d+)/.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}
