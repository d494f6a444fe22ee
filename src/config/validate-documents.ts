// Semantic rules for multi-document kinds beyond their schema: the essential per-kind checks Talos
// runs, and the conflicts between new-style documents and the legacy v1alpha1 fields they replace.

import type { ConfigDocument } from './machine-config';
import { loadSchema } from './schema-loader';
import { hostnameProblem, isCIDR } from './net-checks';
import {
  checkRegistryAuthConfig,
  checkRegistryMirrorConfig,
  checkRegistryTLSConfig,
} from './validate-registries';
import { checkDiskSelector, checkEncryption } from './validate-volumes';
import { checkRoutingRuleConfig } from './validate-routing-rules';
import { get, isTrue, list, nonEmpty, record, str, type DocReport } from './validate-report';

const LINK_KINDS = new Set([
  'LinkConfig',
  'BondConfig',
  'BridgeConfig',
  'DummyLinkConfig',
  'VLANConfig',
  'VRFConfig',
  'WireguardConfig',
]);

function requiresName(doc: ConfigDocument): boolean {
  const info = loadSchema()
    .kinds.get(doc.kind)
    ?.find((k) => k.apiVersion === doc.apiVersion);
  const def = info ? loadSchema().schema.$defs[info.def] : undefined;
  return Array.isArray(def?.['required']) && (def['required'] as unknown[]).includes('name');
}

function checkHostnameConfig(r: DocReport, data: Readonly<Record<string, unknown>>, v1: unknown): void {
  const auto = str(data['auto']);
  const hostname = str(data['hostname']) ?? '';
  if (auto === undefined && hostname === '') r.error([], "either 'auto' or 'hostname' must be set");
  // A missing `auto` means `off`.
  if (auto !== undefined && auto !== 'off' && hostname !== '') {
    r.error(['hostname'], "'auto' and 'hostname' cannot be set at the same time");
  }
  if (hostname !== '') {
    const problem = hostnameProblem(hostname);
    if (problem) r.error(['hostname'], problem);
  }
  if (v1 === undefined) return;
  if (nonEmpty(get(v1, 'machine', 'network', 'hostname'))) {
    // Talos's words, then where it is set
    r.error([], 'static hostname is already set in v1alpha1 config (machine.network.hostname)');
  } else if (isTrue(get(v1, 'machine', 'features', 'stableHostname'))) {
    r.error([], 'stable hostname is already set in v1alpha1 config (machine.features.stableHostname)');
  }
}

function checkLinkAddresses(r: DocReport, data: Readonly<Record<string, unknown>>): void {
  list(data['addresses']).forEach((a, i) => {
    const address = str(get(a, 'address')) ?? '';
    const ip = address.split('/')[0] ?? '';
    if (!isCIDR(address)) r.error(['addresses', i, 'address'], 'must be a valid IP prefix (address/length)');
    else if (ip === '0.0.0.0' || /^[0:]+$/.test(ip))
      r.error(['addresses', i, 'address'], 'must not be an unspecified address');
  });
  list(data['routes']).forEach((route, i) => {
    const dst = str(get(route, 'destination'));
    if (dst !== undefined && dst !== '' && !isCIDR(dst))
      r.error(['routes', i, 'destination'], 'must be a valid IP prefix');
  });
}

/** Conflicts between a new-style document and the v1alpha1 fields it replaces. */
function checkV1Alpha1Conflicts(r: DocReport, doc: ConfigDocument, v1: unknown): void {
  const network = record(get(v1, 'machine', 'network'));
  switch (doc.kind) {
    case 'ResolverConfig':
      if (network?.['searchDomains'] !== undefined)
        r.error([], 'machine.network.searchDomains is already set in the v1alpha1 config');
      if (network?.['nameservers'] !== undefined)
        r.error([], 'machine.network.nameservers is already set in the v1alpha1 config');
      if (isTrue(network?.['disableSearchDomain']))
        r.error([], 'machine.network.disableSearchDomain is already set in the v1alpha1 config');
      break;
    case 'TimeSyncConfig': {
      const time = record(get(v1, 'machine', 'time'));
      if (!time) break;
      if (isTrue(time['disabled']))
        r.error([], 'time sync cannot be disabled in both v1alpha1 (machine.time) and TimeSyncConfig');
      if (list(time['servers']).length > 0)
        r.error([], 'time servers cannot be set in both v1alpha1 (machine.time) and TimeSyncConfig');
      if (nonEmpty(time['bootTimeout']) && !/^[-+]?0+$/.test(time['bootTimeout'] as string)) {
        r.error([], 'boot timeout cannot be set in both v1alpha1 (machine.time) and TimeSyncConfig');
      }
      break;
    }
    case 'KubeSpanConfig':
      if (record(network?.['kubespan']))
        r.error([], 'KubeSpan is already configured in the v1alpha1 config (machine.network.kubespan)');
      break;
    case 'VolumeConfig': {
      const label = doc.name === 'STATE' ? 'state' : doc.name === 'EPHEMERAL' ? 'ephemeral' : undefined;
      if (
        label &&
        record(doc.data['encryption']) &&
        record(get(v1, 'machine', 'systemDiskEncryption', label))
      ) {
        r.error(
          ['encryption'],
          `encryption of ${doc.name} is configured in both v1alpha1 (machine.systemDiskEncryption) and VolumeConfig`,
        );
      }
      break;
    }
  }
}

/** Rules for one multi-document kind; `v1` is the v1alpha1 document data, if any. */
export function checkDocument(r: DocReport, doc: ConfigDocument, v1: unknown): void {
  if (requiresName(doc) && !nonEmpty(doc.name)) r.error(['name'], 'name must be specified');
  if (LINK_KINDS.has(doc.kind)) checkLinkAddresses(r, doc.data);
  switch (doc.kind) {
    case 'HostnameConfig':
      checkHostnameConfig(r, doc.data, v1);
      break;
    case 'RoutingRuleConfig':
      checkRoutingRuleConfig(r, doc.name, doc.data);
      break;
    case 'RegistryMirrorConfig':
      checkRegistryMirrorConfig(r, doc.data);
      break;
    case 'RegistryAuthConfig':
      checkRegistryAuthConfig(r, doc.data);
      break;
    case 'RegistryTLSConfig':
      checkRegistryTLSConfig(r, doc.data);
      break;
    case 'VolumeConfig':
    case 'UserVolumeConfig': {
      const label = doc.kind === 'VolumeConfig' ? (doc.name ?? '') : `u-${doc.name ?? ''}`;
      checkEncryption(r, ['encryption'], doc.data['encryption'], label);
      checkDiskSelector(
        r,
        ['provisioning', 'diskSelector', 'match'],
        get(doc.data, 'provisioning', 'diskSelector', 'match'),
      );
      break;
    }
    case 'TimeSyncConfig': {
      if (record(doc.data['ntp']) && record(doc.data['ptp']))
        r.error([], 'only one of ntp or ptp can be configured');
      const timeout = str(doc.data['bootTimeout']);
      if (timeout?.startsWith('-') && !/^-0+$/.test(timeout)) r.error(['bootTimeout'], 'cannot be negative');
      break;
    }
  }
  if (v1 !== undefined) checkV1Alpha1Conflicts(r, doc, v1);
}
