// RoutingRuleConfig documents as RoutingRuleSpecs, and the `ip rule` commands the spec controller runs.
import { describe, expect, it } from 'vitest';
import type { ConfigDocument } from '../../../src/config';
import { ruleArgs, sameRule } from '../../../controllers/network/routing-rule-spec';
import { routingRuleIntent } from '../../../src/network/config/routing-rule-documents';
import { RoutingRuleSpecDefinition, routingRuleID } from '../../../src/resources/network/routing-rule-spec';

const doc = (name: string, data: Record<string, unknown>): ConfigDocument => ({
  apiVersion: 'v1alpha1',
  kind: 'RoutingRuleConfig',
  name,
  data: { apiVersion: 'v1alpha1', kind: 'RoutingRuleConfig', name, ...data },
});

describe('RoutingRuleConfig as specs', () => {
  it('takes the family of its prefixes, or both without any; unicast when no action', () => {
    const problems: string[] = [];
    const specs = routingRuleIntent(
      [
        doc('1000', { src: '10.0.0.0/8', table: '100' }),
        doc('1001', { dst: 'fd00:0::1/64', table: 'main', fwMark: 16 }),
        doc('1002', { action: 'blackhole', iifName: 'eth0' }),
      ],
      problems,
    );
    expect(problems).toEqual([]);
    expect(specs.map((s) => [routingRuleID(s), s.action, s.table])).toEqual([
      ['inet4/01000', 'unicast', '100'],
      ['inet6/01001', 'unicast', 'main'],
      ['inet6/01002', 'blackhole', 'unspec'],
      ['inet4/01002', 'blackhole', 'unspec'],
    ]);
    expect(specs[1]).toMatchObject({
      dst: 'fd00::1/64',
      src: '',
      fwMark: 16,
      fwMask: 0,
      layer: 'configuration',
    });
  });

  it('reports and skips a rule at a reserved priority or with an unreadable prefix', () => {
    const problems: string[] = [];
    const specs = routingRuleIntent(
      [doc('32766', { table: '100' }), doc('5', { src: 'x/8', table: '1' })],
      problems,
    );
    expect(specs).toEqual([]);
    expect(problems).toEqual([
      'RoutingRuleConfig 32766: priority 32766 is reserved',
      'RoutingRuleConfig 5: "x" is not an IP address',
    ]);
  });

  it('renders as Talos: YAML fields in order, the layer last', () => {
    const [spec] = routingRuleIntent([doc('1000', { src: '10.0.0.0/8', table: '100' })]);
    expect(RoutingRuleSpecDefinition.toYAML?.(spec!)).toEqual({
      family: 'inet4',
      src: '10.0.0.0/8',
      dst: '',
      table: '100',
      priority: 1000,
      action: 'unicast',
      layer: 'configuration',
    });
  });
});

describe('ip rule commands', () => {
  const base = {
    family: 'inet4' as const,
    src: '10.0.0.0/8',
    dst: '192.168.1.0/24',
    table: '100',
    priority: 1000,
    action: 'unicast',
    iifName: 'lo',
    oifName: '',
    fwMark: 0x10,
    fwMask: 0,
  };

  it('describes every selector, the table or the action, and protocol static', () => {
    expect(ruleArgs('add', base)).toEqual([
      '-4', 'rule', 'add', 'priority', '1000', 'from', '10.0.0.0/8', 'to', '192.168.1.0/24',
      'iif', 'lo', 'fwmark', '0x10/0xffffffff', 'table', '100', 'proto', 'static',
    ]); // prettier-ignore
    expect(ruleArgs('del', { ...base, family: 'inet6', src: '', dst: '', iifName: '', fwMark: 0, table: 'unspec', action: 'prohibit' })).toEqual([
      '-6', 'rule', 'del', 'priority', '1000', 'prohibit', 'proto', 'static',
    ]); // prettier-ignore
  });

  it('treats a mark without a mask as the full mask the kernel keeps', () => {
    expect(sameRule({ ...base, fwMask: 0xffffffff }, base)).toBe(true);
    expect(sameRule({ ...base, fwMask: 0xff }, base)).toBe(false);
    expect(sameRule({ ...base, table: '101' }, base)).toBe(false);
  });
});
