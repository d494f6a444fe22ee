import { describe, expect, it } from 'vitest';
import type { ResourceDefinition } from '../../../src/resources/definition';
import { describeResource } from '../../../src/resources/meta/resource-definition';
import { MachineStatusDefinition } from '../../../src/resources/runtime/machine-status';
import { APICertificatesDefinition } from '../../../src/resources/secrets/api-certificates';
import { findResourceDefinition, NAMESPACES, RESOURCE_DEFINITIONS } from '../../../src/resources/registry';
import TABLE from '../../../src/resources/talos-resource-table.json';
import { readReference } from '../../harness/reference';

interface ReferenceResource {
  type: string;
  default_namespace: string;
  aliases?: string[];
  print_columns?: { Name: string; JSONPath: string }[];
  sensitive?: boolean;
}

/** The Talos types as the reference lists them (../shared/reference; the test fails without it). */
const expected: readonly ResourceDefinition[] = (
  JSON.parse(readReference('talos-v1.13-resources.json')) as { resources: ReferenceResource[] }
).resources.map((r) => ({
  type: r.type,
  defaultNamespace: r.default_namespace,
  aliases: r.aliases,
  printColumns: r.print_columns?.map((c) => ({ name: c.Name, jsonPath: c.JSONPath })),
  sensitive: r.sensitive,
}));

const TYPED_TYPES = new Set([
  'ResourceDefinitions.meta.cosi.dev',
  'Namespaces.meta.cosi.dev',
  'Versions.runtime.talos.dev',
  'MachineStatuses.runtime.talos.dev',
  'APIServiceConfigs.runtime.talos.dev',
  'MachineConfigs.config.talos.dev',
  'MachineTypes.config.talos.dev',
  'ApiCertificates.secrets.talos.dev',
]);

describe('resource registry', () => {
  it('compares the committed table against the Talos reference', () => {
    expect(expected).toHaveLength(165);
    expect(TABLE).toHaveLength(165);
  });

  it('registers every Talos type exactly once, as Talos declares it', () => {
    for (const want of expected) {
      const found = RESOURCE_DEFINITIONS.filter((d) => d.type === want.type);
      expect(found, want.type).toHaveLength(1);
      const got = found[0]!;
      expect(got.defaultNamespace, want.type).toBe(want.defaultNamespace);
      expect(got.aliases ?? [], want.type).toEqual(want.aliases ?? []);
      expect(got.printColumns ?? [], want.type).toEqual(want.printColumns ?? []);
      expect(got.sensitive ?? false, want.type).toBe(want.sensitive ?? false);
    }
    const types = RESOURCE_DEFINITIONS.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    // The Talos types plus the two COSI meta types.
    expect(types).toHaveLength(expected.length + 2);
  });

  it('keeps the committed table in step with the reference', () => {
    expect(TABLE.map((t) => t.type)).toEqual(expected.map((e) => e.type).sort());
  });

  it('knows a few table entries without the reference', () => {
    const address = findResourceDefinition('AddressStatuses.net.talos.dev');
    expect(address?.defaultNamespace).toBe('network');
    expect(address?.aliases).toEqual(['address', 'addresses']);
    expect(address?.printColumns?.[0]).toEqual({ name: 'Address', jsonPath: '{.address}' });
    expect(findResourceDefinition('APIServerConfigs.kubernetes.talos.dev')?.sensitive).toBe(true);
    expect(findResourceDefinition('Identities.cluster.talos.dev')?.toProto).toBeUndefined();
    expect(findResourceDefinition('NoSuchThings.talos.dev')).toBeUndefined();
  });

  it('lets typed definitions win over table entries', () => {
    for (const type of TYPED_TYPES) expect(findResourceDefinition(type)?.protoSpec, type).toBeDefined();
    expect(findResourceDefinition(MachineStatusDefinition.type)).toBe(MachineStatusDefinition);
    expect(findResourceDefinition(APICertificatesDefinition.type)).toBe(APICertificatesDefinition);
    // The typed list comes first, so a table entry can never shadow it.
    const firstTableEntry = RESOURCE_DEFINITIONS.findIndex((d) => d.protoSpec === undefined);
    expect(RESOURCE_DEFINITIONS.slice(firstTableEntry).every((d) => !d.toProto && !d.toYAML)).toBe(true);
  });

  it('puts every type in a known namespace', () => {
    for (const def of RESOURCE_DEFINITIONS)
      expect(NAMESPACES, def.type).toHaveProperty([def.defaultNamespace]);
  });

  it('gives no two types the same name or explicit alias', () => {
    // Acronyms (ms, es, rs, …) and the two MountStatuses (block and runtime) collide in Talos too;
    // talosctl resolves those by the first match. Explicit aliases and singular names must be unique.
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const def of RESOURCE_DEFINITIONS) {
      const spec = describeResource(def);
      const names = new Set([...(def.aliases ?? []), spec.displayType.toLowerCase()]);
      if (def.type.startsWith('MountStatuses.')) names.delete('mountstatus');
      for (const name of names) {
        const other = owner.get(name);
        if (other !== undefined && other !== def.type) clashes.push(`${name}: ${other} / ${def.type}`);
        owner.set(name, def.type);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('derives the display types Talos serves', () => {
    const display = (type: string): string | undefined => {
      const def = findResourceDefinition(type);
      return def && describeResource(def).displayType;
    };
    expect(display('AddressStatuses.net.talos.dev')).toBe('AddressStatus');
    expect(display('HardwareAddresses.net.talos.dev')).toBe('HardwareAddress');
    expect(display('ImageVerificationRules.security.talos.dev')).toBe('ImageVerificationRule');
    expect(display('KubeSpanIdentities.kubespan.talos.dev')).toBe('KubeSpanIdentity');
    expect(display('LinkRefreshes.net.talos.dev')).toBe('LinkRefresh');
    expect(display('PlatformMetadatas.talos.dev')).toBe('PlatformMetadata');
    // COSI's pluralize library drops the "e" too; `talosctl get rd` shows "dnsresolvecach".
    expect(display('DNSResolveCaches.net.talos.dev')).toBe('DNSResolveCach');
    for (const def of RESOURCE_DEFINITIONS) {
      const name = def.type.split('.')[0]!;
      const shown = describeResource(def).displayType;
      expect(name.startsWith(shown) || name.startsWith(shown.slice(0, -1)), def.type).toBe(true);
      expect(shown, def.type).not.toMatch(/(ies|sse|uses)$/);
    }
  });
});
