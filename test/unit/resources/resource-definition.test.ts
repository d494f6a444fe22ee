import { readReference } from '../../harness/reference';
import { describe, expect, it } from 'vitest';
import { describeResource } from '../../../src/resources/meta/resource-definition';
import { singular } from '../../../src/resources/meta/singular';
import { RESOURCE_DEFINITIONS } from '../../../src/resources/registry';

describe('COSI automatic aliases', () => {
  it('derives singular, acronym and suffix aliases as COSI does', () => {
    const spec = describeResource({ type: 'MachineStatuses.runtime.talos.dev', defaultNamespace: 'runtime' });
    expect(spec.displayType).toBe('MachineStatus');
    expect(spec.aliases).toEqual(['machinestatus', 'ms']);
    expect(spec.allAliases).toEqual([
      'machinestatuses',
      'machinestatuses.runtime',
      'machinestatuses.runtime.talos',
      'machinestatus',
      'ms',
    ]);
    const rd = describeResource({
      type: 'ResourceDefinitions.meta.cosi.dev',
      defaultNamespace: 'meta',
      aliases: ['api-resources'],
    });
    expect(rd.aliases).toEqual(['api-resources', 'resourcedefinition', 'rd', 'rds']);
  });

  it('singularizes every Talos resource type name sensibly', () => {
    expect(singular('Addresses')).toBe('Address');
    expect(singular('Policies')).toBe('Policy');
    expect(singular('Specs')).toBe('Spec');
    expect(singular('HostnameStatuses')).toBe('HostnameStatus');
    expect(singular('Identities')).toBe('Identity');
    const types = (
      JSON.parse(readReference('talos-v1.13-resources.json')) as { resources: { type: string }[] }
    ).resources.map((r) => r.type.split('.')[0]!);
    for (const t of types) {
      const s = singular(t);
      expect(s.length, t).toBeLessThan(t.length + 1);
      expect(s, t).not.toMatch(/(ie|sse)$/);
    }
  });

  it('declares every registered type in Talos spelling with a default namespace', () => {
    for (const def of RESOURCE_DEFINITIONS)
      expect(def.type).toMatch(/^[A-Z][A-Za-z0-9-]+\.[a-z][a-z0-9-]+(\.[a-z][a-z0-9-]+)*$/);
  });
});
