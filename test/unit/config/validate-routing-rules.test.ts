// RoutingRuleConfig documents: accepted as Talos accepts them, refused with the field and the reason.
import { describe, expect, it } from 'vitest';
import { parseMachineConfig } from '../../../src/config';
import { fixture, parseError } from './helpers';

const controlplane = fixture('controlplane.yaml');
const rule = (lines: string[]): string =>
  `${controlplane}---\napiVersion: v1alpha1\nkind: RoutingRuleConfig\n${lines.join('\n')}\n`;
const problems = (text: string): string[] => parseError(text).problems.map((p) => `${p.path}: ${p.message}`);

describe('RoutingRuleConfig validation', () => {
  it('accepts the documented example and every field', () => {
    expect(() => parseMachineConfig(rule(['name: "1000"', 'src: 10.0.0.0/8', 'table: "100"']))).not.toThrow();
    const full = rule([
      'name: "1001"',
      'src: fd00::/8',
      'dst: fd01::1/128',
      'table: main',
      'action: unicast',
      'iifName: eth0',
      'oifName: eth1',
      'fwMark: 16',
      'fwMask: 255',
    ]);
    expect(() => parseMachineConfig(full)).not.toThrow();
    expect(() => parseMachineConfig(rule(['name: "1002"', 'action: blackhole']))).not.toThrow();
  });

  it('refuses a reserved or unreadable priority, bad prefixes and tables, and incomplete rules', () => {
    expect(problems(rule(['name: "32766"', 'table: "100"']))).toEqual([
      expect.stringMatching(
        /name: priority must be between 1 and 32765 \(excluding reserved priorities 0, 32500/,
      ),
    ]);
    expect(problems(rule(['name: first', 'table: "100"']))).toEqual([
      expect.stringMatching(/name: invalid name: must be a priority/),
    ]);
    expect(problems(rule(['name: "10"', 'src: 10.0.0.1', 'dst: 10.0.0.0/33', 'table: "100"']))).toEqual([
      expect.stringMatching(/src: must be a valid IP prefix .*"10\.0\.0\.1"/),
      expect.stringMatching(/dst: must be a valid IP prefix .*"10\.0\.0\.0\/33"/),
    ]);
    expect(problems(rule(['name: "10"', 'table: "300"']))).toEqual([
      expect.stringMatching(/table: "300" is not a routing table/),
    ]);
    expect(problems(rule(['name: "10"', 'action: unicast']))).toEqual([
      expect.stringMatching(/either table or a non-unicast action must be specified/),
    ]);
    expect(problems(rule(['name: "10"', 'table: "100"', 'fwMask: 255']))).toEqual([
      expect.stringMatching(/fwMask: fwMask requires fwMark to be set/),
    ]);
    expect(problems(rule(['name: "10"', 'table: "100"', 'action: drop'])).join('\n')).toMatch(/action/);
  });
});
