import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { parseMachineConfig } from '../../../src/config';
import { fixture, parseError } from './helpers';

const withInterfaces = (interfaces: unknown[], extra: object[] = []): string => {
  const docs = parseAllDocuments(fixture('controlplane.yaml'));
  for (const d of docs) if (d.has('machine')) d.setIn(['machine', 'network'], d.createNode({ interfaces }));
  return [...docs.map((d) => d.toString()), ...extra.map((e) => stringify(e))].join('---\n');
};

describe('addresses across the config', () => {
  it('refuses overlapping subnets on two links, and the same address twice', () => {
    const overlap = parseError(
      withInterfaces([
        { interface: 'eth0', addresses: ['10.0.0.2/24'] },
        { interface: 'eth1', addresses: ['10.0.0.3/16'] },
      ]),
    );
    expect(overlap.message).toMatch(/10\.0\.0\.3\/16 on eth1 overlaps 10\.0\.0\.2\/24 on eth0/);
    const twice = parseError(
      withInterfaces(
        [{ interface: 'eth0', addresses: ['10.0.0.2/24'] }],
        [
          {
            apiVersion: 'v1alpha1',
            kind: 'LinkConfig',
            name: 'eth0',
            addresses: [{ address: '10.0.0.2/24' }],
          },
        ],
      ),
    );
    expect(twice.message).toMatch(/configured twice/);
  });

  it('accepts several addresses of one subnet on one link, and disjoint subnets', () => {
    expect(() =>
      parseMachineConfig(
        withInterfaces([
          { interface: 'eth0', addresses: ['10.0.0.2/24', '10.0.0.3/24', 'fd00::2/64'] },
          {
            interface: 'eth1',
            addresses: ['10.1.0.2/24'],
            vlans: [{ vlanId: 5, addresses: ['10.2.0.2/24'] }],
          },
        ]),
      ),
    ).not.toThrow();
  });
});
