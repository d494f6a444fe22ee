// Rules for the legacy `machine.network` section (interfaces, VIPs, KubeSpan), a subset of what
// Talos v1.13 checks: the structural ones that make an interface unusable.

import type { MachineType } from './machine-config';
import type { PathSegment } from './path';
import { isCIDR, isIPAddress, isIPOrCIDR, isSubnetFilter } from './net-checks';
import { decodeStrictBase64 } from './validate-pki';
import { get, isTrue, list, nonEmpty, record, str, type DocReport } from './validate-report';

const KUBESPAN_MIN_MTU = 1280;

function checkAddresses(r: DocReport, path: PathSegment[], iface: Record<string, unknown>): void {
  const addresses = list(iface['addresses']);
  if (addresses.length > 0 && nonEmpty(iface['cidr'])) {
    r.error(path, 'cannot have both cidr and addresses set');
  }
  if (nonEmpty(iface['cidr'])) {
    if (!isIPOrCIDR(iface['cidr'] as string)) r.error([...path, 'cidr'], 'is not a valid IP address or CIDR');
    r.warn([...path, 'cidr'], 'cidr is deprecated, use addresses');
  }
  addresses.forEach((a, i) => {
    if (typeof a === 'string' && !isIPOrCIDR(a))
      r.error([...path, 'addresses', i], 'is not a valid IP address or CIDR');
  });
  const vip = str(get(iface, 'vip', 'ip'));
  if (record(iface['vip']) && (vip === undefined || !isIPAddress(vip)))
    r.error([...path, 'vip', 'ip'], 'is not a valid IP address');
}

function checkRoutes(r: DocReport, path: PathSegment[], routes: unknown): void {
  list(routes).forEach((route, i) => {
    const p = [...path, 'routes', i];
    const network = str(get(route, 'network')) ?? '';
    const gateway = str(get(route, 'gateway')) ?? '';
    const source = str(get(route, 'source')) ?? '';
    if (network !== '' && !isCIDR(network)) r.error([...p, 'network'], 'is not a valid CIDR');
    if (gateway !== '' && !isIPAddress(gateway)) r.error([...p, 'gateway'], 'is not a valid IP address');
    if (source !== '' && !isIPAddress(source)) r.error([...p, 'source'], 'is not a valid IP address');
    if (network === '' && gateway === '') r.error(p, 'either network or gateway should be set');
  });
}

function checkWireguard(r: DocReport, path: PathSegment[], wg: Record<string, unknown>): void {
  const keyOk = (k: unknown): boolean => typeof k === 'string' && decodeStrictBase64(k)?.length === 32;
  if (!keyOk(wg['privateKey']))
    r.error([...path, 'privateKey'], 'must be a base64-encoded 32-byte WireGuard key');
  list(wg['peers']).forEach((peer, i) => {
    const p = [...path, 'peers', i];
    if (!keyOk(get(peer, 'publicKey')))
      r.error([...p, 'publicKey'], 'must be a base64-encoded 32-byte WireGuard key');
    list(get(peer, 'allowedIPs')).forEach((ip, j) => {
      if (typeof ip !== 'string' || !isCIDR(ip)) r.error([...p, 'allowedIPs', j], 'is not a valid CIDR');
    });
  });
}

function linksOf(iface: Record<string, unknown>): unknown[] {
  return list(get(iface, 'bond', 'interfaces')).concat(list(get(iface, 'bridge', 'interfaces')));
}

function checkInterfaces(r: DocReport, interfaces: unknown[], type: MachineType | undefined): void {
  const owners = new Map<string, string>();
  interfaces.forEach((raw, i) => {
    const iface = record(raw);
    const path: PathSegment[] = ['machine', 'network', 'interfaces', i];
    if (!iface) {
      r.error(path, 'must not be empty');
      return;
    }
    const name = str(iface['interface']) ?? '';
    for (const link of linksOf(iface)) {
      if (typeof link !== 'string') continue;
      const owner = owners.get(link);
      if (owner !== undefined && owner !== name)
        r.error(path, 'a link is declared as part of two separate bonds/bridges');
      owners.set(link, name);
    }
  });
  interfaces.forEach((raw, i) => {
    const iface = record(raw);
    if (!iface || isTrue(iface['ignore'])) return;
    const path: PathSegment[] = ['machine', 'network', 'interfaces', i];
    const selector = record(iface['deviceSelector']);
    if (!nonEmpty(iface['interface']) && !selector)
      r.error(path, 'either interface or deviceSelector must be set');
    if (nonEmpty(iface['interface']) && selector)
      r.error(path, 'interface and deviceSelector are mutually exclusive');
    if (selector && Object.keys(selector).length === 0)
      r.error([...path, 'deviceSelector'], 'must not be empty');
    if (record(iface['bond']) && record(iface['bridge']))
      r.error(path, 'bond and bridge are mutually exclusive');
    if (
      record(iface['bond']) &&
      list(get(iface, 'bond', 'interfaces')).length > 0 &&
      list(get(iface, 'bond', 'deviceSelectors')).length > 0
    ) {
      r.error([...path, 'bond'], 'interfaces and deviceSelectors are mutually exclusive');
    }
    const wg = record(iface['wireguard']);
    if (wg) checkWireguard(r, [...path, 'wireguard'], wg);
    checkAddresses(r, path, iface);
    checkRoutes(r, path, iface['routes']);
    if (type === 'worker' && record(iface['vip']))
      r.error([...path, 'vip'], 'a virtual (shared) IP is not allowed on worker nodes');
    list(iface['vlans']).forEach((vlanRaw, v) => {
      const vlan = record(vlanRaw);
      if (!vlan) return;
      const vpath = [...path, 'vlans', v];
      checkAddresses(r, vpath, vlan);
      checkRoutes(r, vpath, vlan['routes']);
      if (type === 'worker' && record(vlan['vip']))
        r.error([...vpath, 'vip'], 'a virtual (shared) IP is not allowed on worker nodes');
    });
  });
}

/** KubeSpan configured in `machine.network.kubespan`. */
function checkKubeSpan(r: DocReport, cfg: Record<string, unknown>): void {
  const ks = record(get(cfg, 'machine', 'network', 'kubespan'));
  if (!ks || !isTrue(ks['enabled'])) return;
  const path: PathSegment[] = ['machine', 'network', 'kubespan'];
  const mtu = ks['mtu'];
  if (typeof mtu === 'number' && mtu < KUBESPAN_MIN_MTU)
    r.error([...path, 'mtu'], `must be at least ${KUBESPAN_MIN_MTU}`);
  if (!isTrue(get(cfg, 'cluster', 'discovery', 'enabled')))
    r.error(path, 'cluster.discovery must be enabled when KubeSpan is enabled');
  if (!nonEmpty(get(cfg, 'cluster', 'id'))) r.error(path, 'cluster.id must be set when KubeSpan is enabled');
  if (!nonEmpty(get(cfg, 'cluster', 'secret')))
    r.error(path, 'cluster.secret must be set when KubeSpan is enabled');
  list(get(ks, 'filters', 'endpoints')).forEach((f, i) => {
    if (typeof f !== 'string' || !isSubnetFilter(f))
      r.error([...path, 'filters', 'endpoints', i], 'is not a valid subnet or address filter');
  });
  list(get(ks, 'filters', 'excludeAdvertisedNetworks')).forEach((f, i) => {
    if (typeof f !== 'string' || !isCIDR(f))
      r.error([...path, 'filters', 'excludeAdvertisedNetworks', i], 'is not a valid CIDR');
  });
}

/** Rules for `machine.network` of the v1alpha1 document. */
export function checkLegacyNetwork(
  r: DocReport,
  cfg: Record<string, unknown>,
  type: MachineType | undefined,
): void {
  const network = record(get(cfg, 'machine', 'network'));
  if (!network) return;
  checkInterfaces(r, list(network['interfaces']), type);
  checkKubeSpan(r, cfg);
}
