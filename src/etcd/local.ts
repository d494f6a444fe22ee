// How the agent reaches etcd: its TLS material (the etcd CA and Talos's admin client certificate, from
// the secrets resources), the local member's endpoint, and the control plane's endpoints.
import { isIP } from 'node:net';
import { MACHINE_CONFIG, type MachineConfigSpec } from '../resources/config/machine-config';
import { ETCD_NAMESPACE } from '../resources/etcd/config';
import {
  EtcdMemberDefinition,
  ETCD_LOCAL_MEMBER_ID,
  parseMemberID,
  type EtcdMemberSpec,
} from '../resources/etcd/member';
import { ETCD_SPEC, type EtcdSpecSpec } from '../resources/etcd/spec';
import { ETCD_ROOT, type EtcdRootSpec } from '../resources/secrets/etcd-root';
import { ETCD_SECRETS, type EtcdCertsSpec } from '../resources/secrets/etcd-secrets';
import { getSpec, type ResourcePointer, type State } from '../state';
import { EtcdClient, joinHostPort, type EtcdTLS } from './client';

export const ETCD_CLIENT_PORT = 2379;
export const ETCD_PEER_PORT = 2380;

export { ETCD_ROOT, ETCD_SECRETS, ETCD_SPEC };

/** What a controller that talks to the local member reads: where it listens, and the client certificate. */
export const LOCAL_ETCD_CLIENT_INPUTS = [ETCD_SPEC, ETCD_ROOT, ETCD_SECRETS].map((p) => ({
  ...p,
  kind: 'weak' as const,
}));
export const ETCD_MEMBER: ResourcePointer = {
  namespace: ETCD_NAMESPACE,
  type: EtcdMemberDefinition.type,
  id: ETCD_LOCAL_MEMBER_ID,
};
/** Talos's k8s.Endpoint resources: the control plane's addresses. */
const ENDPOINTS = { namespace: 'controlplane', type: 'Endpoints.kubernetes.talos.dev' };

/** etcd secrets or spec are not there yet. */
export class EtcdNotReadyError extends Error {
  constructor(what: string) {
    super(`etcd ${what} is not available yet`);
    this.name = 'EtcdNotReadyError';
  }
}
export const isEtcdNotReadyError = (e: unknown): e is EtcdNotReadyError => e instanceof EtcdNotReadyError;

/** No control plane endpoint is known (Talos's GetEndpoints error). */
export class NoEndpointsError extends Error {
  constructor() {
    super('no controlplane endpoints discovered yet');
    this.name = 'NoEndpointsError';
  }
}

export { getSpec };

/** The admin client TLS material; the same files Talos's etcd client reads. */
export function adminTLS(root: EtcdRootSpec, certs: EtcdCertsSpec): EtcdTLS {
  return { ca: root.etcdCA.crt, cert: certs.etcdAdmin.crt, key: certs.etcdAdmin.key };
}

export async function etcdClientTLS(state: State): Promise<EtcdTLS> {
  const root = await getSpec<EtcdRootSpec>(state, ETCD_ROOT);
  const certs = await getSpec<EtcdCertsSpec>(state, ETCD_SECRETS);
  if (!root || !certs) throw new EtcdNotReadyError('secrets');
  return adminTLS(root, certs);
}

const UNSPECIFIED = new Set(['0.0.0.0', '::']);

/**
 * The local member's client endpoint. Talos dials localhost:2379; agents sharing a host listen on
 * their own addresses, so: 127.0.0.1 when etcd listens there, else the first specific listen address,
 * else (listening on all addresses) the first advertised one.
 */
export function localEndpoint(
  spec: Pick<EtcdSpecSpec, 'listenClientAddresses' | 'advertisedAddresses'>,
): string {
  const specific = spec.listenClientAddresses.filter((a) => !UNSPECIFIED.has(a));
  const host =
    (specific.includes('127.0.0.1') ? '127.0.0.1' : specific[0]) ??
    spec.advertisedAddresses[0] ??
    '127.0.0.1';
  return joinHostPort(host, ETCD_CLIENT_PORT);
}

export async function localClient(state: State): Promise<EtcdClient> {
  const spec = await getSpec<EtcdSpecSpec>(state, ETCD_SPEC);
  if (!spec) throw new EtcdNotReadyError('spec');
  return new EtcdClient([localEndpoint(spec)], await etcdClientTLS(state));
}

/**
 * The control plane's etcd endpoints (Talos GetEndpoints): the addresses of the Endpoints resources on
 * port 2379. Without any (this agent has no Kubernetes to discover them from yet), the host of
 * `cluster.controlPlane.endpoint` when it is an IP address.
 */
export async function controlPlaneEndpoints(state: State): Promise<string[]> {
  const addrs = new Set<string>();
  for (const r of await state.list<{ addresses?: unknown }>(ENDPOINTS)) {
    const list = r.spec?.addresses;
    if (Array.isArray(list)) for (const a of list) if (typeof a === 'string' && isIP(a)) addrs.add(a);
  }
  if (addrs.size === 0) {
    const cfg = await getSpec<MachineConfigSpec>(state, MACHINE_CONFIG);
    const host = cfg?.config.controlPlaneURL()?.hostname.replace(/^\[|\]$/g, '');
    if (host && isIP(host)) addrs.add(host);
  }
  if (addrs.size === 0) throw new NoEndpointsError();
  return [...addrs].sort().map((a) => joinHostPort(a, ETCD_CLIENT_PORT));
}

/** A client over the control plane's endpoints, in random order (Talos NewClientFromControlPlaneIPs). */
export async function controlPlaneClient(state: State): Promise<EtcdClient> {
  const endpoints = await controlPlaneEndpoints(state);
  for (let i = endpoints.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [endpoints[i], endpoints[j]] = [endpoints[j] as string, endpoints[i] as string];
  }
  return new EtcdClient(endpoints, await etcdClientTLS(state));
}

/** Waits (up to 3 minutes) for the EtcdMembers "local" resource and parses its member ID. */
export async function getLocalMemberID(
  state: State,
  signal: AbortSignal,
  timeoutMs = 180_000,
): Promise<bigint> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const both = AbortSignal.any([signal, timeout]);
  try {
    for await (const e of state.watch(ETCD_MEMBER, both)) {
      if ((e.type === 'created' || e.type === 'updated') && e.resource)
        return parseMemberID((e.resource.spec as EtcdMemberSpec).memberID);
    }
  } catch (e: unknown) {
    if (!both.aborted) throw e;
  }
  throw new Error(
    `failed to get local etcd member ID: ${timeout.aborted ? 'context deadline exceeded' : 'context canceled'}`,
  );
}
