// Semantic rules for the `machine` section of the v1alpha1 document, following the checks Talos
// v1.13 runs in its default (non-strict) validation.

import { PROTECTED_KUBELET_FIELDS } from './kubelet-protected-fields';
import { normalizeMachineType, type MachineType } from './machine-config';
import {
  endpointProblem,
  hostnameProblem,
  isLabelValue,
  isRFC1123Hostname,
  isSubnetFilter,
  qualifiedNameProblem,
} from './net-checks';
import { checkLegacyNetwork } from './validate-network';
import { checkEncryption } from './validate-volumes';
import { get, isTrue, list, nonEmpty, record, str, type DocReport } from './validate-report';

export type RuntimeMode = 'cloud' | 'container' | 'metal';

const TOKEN_FORMAT = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;
const ROLES = new Set([
  'os:admin',
  'os:operator',
  'os:reader',
  'os:etcd:backup',
  'os:image:verifier',
  'os:meta:writer',
  'os:impersonator',
]);
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const RESERVED_ANNOTATIONS = [
  'talos.dev/owned-labels',
  'talos.dev/owned-annotations',
  'talos.dev/owned-taints',
];

/** Checks `machine.type`; returns the type Talos would use, or undefined when invalid. */
export function checkMachineType(r: DocReport, machine: Record<string, unknown>): MachineType | undefined {
  const raw = machine['type'];
  const type = normalizeMachineType(raw);
  if (type === undefined) {
    r.error(['machine', 'type'], 'must be one of controlplane, worker, init');
  } else if (raw !== type) {
    r.warn(['machine', 'type'], `use "worker" instead of ${JSON.stringify(raw ?? '')} for machine type`);
  }
  return type;
}

function checkCAs(r: DocReport, machine: Record<string, unknown>, type: MachineType): void {
  const ca = record(machine['ca']);
  const acceptedCAs = list(machine['acceptedCAs']);
  if (!ca && acceptedCAs.length === 0) {
    r.error(
      ['machine', 'ca'],
      'issuing CA or some accepted CAs are required (machine.ca, machine.acceptedCAs)',
    );
  }
  if (type === 'worker') {
    if (ca && nonEmpty(ca['key']))
      r.error(['machine', 'ca', 'key'], 'the Talos API CA key is not allowed on worker nodes');
    if (ca && !nonEmpty(ca['crt']) && acceptedCAs.length === 0) {
      r.error(
        ['machine', 'ca', 'crt'],
        'trusted CA certificates are required on worker nodes (machine.ca.crt or machine.acceptedCAs)',
      );
    }
    return;
  }
  if (!ca) r.error(['machine', 'ca'], 'the issuing CA is required on control plane nodes');
  else if (!nonEmpty(ca['key']))
    r.error(['machine', 'ca', 'key'], 'the issuing CA key is required on control plane nodes');
  else if (!nonEmpty(ca['crt'])) r.warn(['machine', 'ca', 'crt'], 'the issuing CA certificate is empty');
}

function checkInstall(r: DocReport, machine: Record<string, unknown>, mode: RuntimeMode): void {
  const install = record(machine['install']);
  if (install) {
    const seen = new Set<string>();
    list(install['extensions']).forEach((ext, i) => {
      const image = str(get(ext, 'image')) ?? '';
      if (seen.has(image))
        r.error(['machine', 'install', 'extensions', i], 'duplicate system extension image');
      seen.add(image);
    });
    if (seen.size > 0)
      r.warn(
        ['machine', 'install', 'extensions'],
        'machine.install.extensions is deprecated; use boot assets with extensions instead',
      );
  }
  if (mode !== 'metal') return;
  if (!install) {
    r.error(['machine', 'install'], 'install instructions are required in metal mode');
    return;
  }
  if (!nonEmpty(install['disk']) && !record(install['diskSelector'])) {
    r.error(['machine', 'install'], 'either install disk or diskSelector should be defined');
  }
  if (list(install['extraKernelArgs']).length > 0 && isTrue(install['grubUseUKICmdline'])) {
    r.error(
      ['machine', 'install', 'extraKernelArgs'],
      'install.extraKernelArgs and install.grubUseUKICmdline cannot be used together',
    );
  }
}

function checkFeatures(
  r: DocReport,
  machine: Record<string, unknown>,
  type: MachineType | undefined,
  mode: RuntimeMode,
): void {
  const hostDNS = record(get(machine, 'features', 'hostDNS')) ?? {};
  const base = ['machine', 'features', 'hostDNS'];
  if (mode === 'container') {
    if (!isTrue(hostDNS['enabled']))
      r.error([...base, 'enabled'], 'feature hostDNS must be enabled in container mode');
    if (!isTrue(hostDNS['forwardKubeDNSToHost'])) {
      r.error(
        [...base, 'forwardKubeDNSToHost'],
        'feature hostDNS must forward kube-dns to the host in container mode',
      );
    }
  }
  if (isTrue(hostDNS['forwardKubeDNSToHost']) && !isTrue(hostDNS['enabled'])) {
    r.error([...base, 'forwardKubeDNSToHost'], 'requires machine.features.hostDNS.enabled to be true');
  }
  const access = record(get(machine, 'features', 'kubernetesTalosAPIAccess'));
  if (access && isTrue(access['enabled'])) {
    const path = ['machine', 'features', 'kubernetesTalosAPIAccess'];
    if (type === 'worker')
      r.error([...path, 'enabled'], 'Kubernetes Talos API access can only be enabled on control plane nodes');
    list(access['allowedRoles']).forEach((role, i) => {
      if (typeof role !== 'string' || !ROLES.has(role))
        r.error([...path, 'allowedRoles', i], 'is not a valid Talos role');
    });
  }
  const sort = get(machine, 'features', 'nodeAddressSortAlgorithm');
  if (nonEmpty(sort) && sort !== 'v1' && sort !== 'v2') {
    r.error(['machine', 'features', 'nodeAddressSortAlgorithm'], 'must be one of v1, v2');
  }
}

function checkNodeMetadata(r: DocReport, machine: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(record(machine['nodeLabels']) ?? {})) {
    const problem = qualifiedNameProblem(key);
    if (problem) r.error(['machine', 'nodeLabels', key], `invalid label key: ${problem}`);
    if (typeof value === 'string' && !isLabelValue(value))
      r.error(['machine', 'nodeLabels', key], 'invalid label value');
  }
  let size = 0;
  for (const [key, value] of Object.entries(record(machine['nodeAnnotations']) ?? {})) {
    const problem = qualifiedNameProblem(key);
    if (problem) r.error(['machine', 'nodeAnnotations', key], `invalid annotation key: ${problem}`);
    if (RESERVED_ANNOTATIONS.includes(key))
      r.error(['machine', 'nodeAnnotations', key], 'annotation is reserved by Talos');
    size += key.length + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (size > 256 * 1024)
    r.error(['machine', 'nodeAnnotations'], 'total annotation size exceeds 262144 bytes');
  for (const [key, value] of Object.entries(record(machine['nodeTaints']) ?? {})) {
    const problem = qualifiedNameProblem(key);
    if (problem) {
      r.error(['machine', 'nodeTaints', key], `invalid taint key: ${problem}`);
      continue;
    }
    const text = typeof value === 'string' ? value : '';
    const cut = text.indexOf(':');
    const effect = cut < 0 ? text : text.slice(cut + 1);
    if (!TAINT_EFFECTS.includes(effect))
      r.error(['machine', 'nodeTaints', key], `taint effect must be one of ${TAINT_EFFECTS.join(', ')}`);
    else if (cut >= 0 && !isLabelValue(text.slice(0, cut)))
      r.error(['machine', 'nodeTaints', key], 'invalid taint value');
  }
}

function checkStorageAndServices(r: DocReport, machine: Record<string, unknown>): void {
  list(machine['disks']).forEach((disk, d) => {
    const parts = list(get(disk, 'partitions'));
    parts.forEach((p, i) => {
      const size = get(p, 'size');
      if ((size === undefined || size === 0 || size === '0' || size === '') && i !== parts.length - 1) {
        r.error(
          ['machine', 'disks', d, 'partitions', i],
          'only the last partition can occupy the rest of the disk (size unset)',
        );
      }
    });
  });
  for (const label of ['state', 'ephemeral']) {
    const section = get(machine, 'systemDiskEncryption', label);
    checkEncryption(r, ['machine', 'systemDiskEncryption', label], section, label.toUpperCase());
  }
  list(get(machine, 'kubelet', 'nodeIP', 'validSubnets')).forEach((s, i) => {
    if (typeof s === 'string' && !isSubnetFilter(s))
      r.error(['machine', 'kubelet', 'nodeIP', 'validSubnets', i], 'is not a valid subnet or address');
  });
  const extraConfig = record(get(machine, 'kubelet', 'extraConfig')) ?? {};
  for (const field of PROTECTED_KUBELET_FIELDS) {
    if (field in extraConfig)
      r.error(['machine', 'kubelet', 'extraConfig', field], 'this kubelet setting cannot be overridden');
  }
  list(get(machine, 'logging', 'destinations')).forEach((dest, i) => {
    const path = ['machine', 'logging', 'destinations', i];
    const endpoint = str(get(dest, 'endpoint'));
    if (endpoint === undefined || endpoint === '')
      r.error([...path, 'endpoint'], 'logging endpoint is required');
    else {
      const problem = endpointProblem(endpoint, ['tcp', 'udp']);
      if (problem) r.error([...path, 'endpoint'], problem);
    }
    if (get(dest, 'format') !== 'json_lines') r.error([...path, 'format'], 'must be json_lines');
  });
}

function checkIdentity(r: DocReport, machine: Record<string, unknown>): void {
  const token = machine['token'];
  if (!nonEmpty(token))
    r.warn(['machine', 'token'], 'is not set; the node cannot obtain certificates from trustd');
  else if (!TOKEN_FORMAT.test(token as string)) {
    r.warn(
      ['machine', 'token'],
      'does not have the usual format (6 and 16 lower-case letters or digits separated by a dot)',
    );
  }
  const hostname = str(get(machine, 'network', 'hostname'));
  if (hostname !== undefined && hostname !== '') {
    const problem = hostnameProblem(hostname);
    if (problem) r.error(['machine', 'network', 'hostname'], problem);
    else if (!isRFC1123Hostname(hostname)) {
      r.warn(
        ['machine', 'network', 'hostname'],
        'is not a valid RFC 1123 hostname (letters, digits and inner hyphens)',
      );
    }
  }
}

/** Rules for the `machine` section. Returns the effective machine type, if valid. */
export function checkMachineSection(
  r: DocReport,
  cfg: Record<string, unknown>,
  mode: RuntimeMode,
): MachineType | undefined {
  if (cfg['persist'] === false)
    r.error(['persist'], 'must be true: non-persistent configs are not supported');
  const machine = record(cfg['machine']);
  if (!machine) {
    r.error(['machine'], 'machine instructions are required');
    return undefined;
  }
  const type = checkMachineType(r, machine);
  checkIdentity(r, machine);
  checkInstall(r, machine, mode);
  checkNodeMetadata(r, machine);
  checkStorageAndServices(r, machine);
  checkLegacyNetwork(r, cfg, type);
  checkFeatures(r, machine, type, mode);
  if (type !== undefined) checkCAs(r, machine, type);
  return type;
}
