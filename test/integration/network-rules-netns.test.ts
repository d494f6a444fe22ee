// Policy routing rules from RoutingRuleConfig documents, in a network namespace this test makes: the
// agent (in the namespace) puts them in the kernel (`ip -json rule` there) with protocol static, shows
// them as RoutingRuleSpecs and RoutingRuleStatuses through the COSI state API, replaces a changed one
// and removes a dropped one on a no-reboot apply, leaves a rule it did not add alone, and refuses bad
// rules with InvalidArgument without changing the kernel.
import { status } from '@grpc/grpc-js';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { TestClient, grpcCode } from '../harness/client';
import { applyAndConnect, generateConfig } from '../harness/configured';
import { eventually } from '../harness/eventually';
import { createLan, ipIn, ipJSONIn, type Lan, type LanNode } from '../harness/netns-lan';
import { withNetwork } from '../harness/network-config';

interface IpRule {
  priority: number;
  src: string;
  srclen?: number;
  dst?: string;
  dstlen?: number;
  table?: string;
  action?: string;
  iif?: string;
  fwmark?: string;
  fwmask?: string;
  protocol?: string;
}

type Listed = { resource: { metadata: { id: string }; spec: { yaml_spec: string } } };

const rulesIn = (ns: string, family: '-4' | '-6'): IpRule[] =>
  ipJSONIn<IpRule>(ns, family, '-details', 'rule', 'show');

const ruleDoc = (name: string, fields: Record<string, unknown>): object => ({
  apiVersion: 'v1alpha1',
  kind: 'RoutingRuleConfig',
  name,
  ...fields,
});

async function list(c: TestClient, type: string): Promise<Map<string, Record<string, unknown>>> {
  const items = await c.serverStream<Listed>('/cosi.resource.State/List', { namespace: 'network', type });
  return new Map(
    items.map((r) => [r.resource.metadata.id, parse(r.resource.spec.yaml_spec) as Record<string, unknown>]),
  );
}

describe('routing rules in a namespace of the agent', () => {
  let lan: Lan;
  let node: LanNode;
  let agent: Agent;
  let stateDir: string;
  let base: Buffer;
  let admin: TestClient;
  let net: Record<string, unknown>;

  const docs = [
    ruleDoc('1000', { src: '10.0.0.0/8', table: '100' }),
    ruleDoc('1001', { action: 'blackhole', dst: '192.0.2.0/24' }),
    ruleDoc('1002', { dst: 'fd00::/8', table: 'main', iifName: 'lo', fwMark: 16, fwMask: 255 }),
    // No prefix: both families. Only marked packets, so the test's own traffic still flows.
    ruleDoc('1003', { action: 'prohibit', fwMark: 0x99 }),
  ];

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('network namespaces need root');
    execFileSync('ip', ['-V']); // iproute2 (Debian's iproute2)
    lan = createLan();
    node = lan.addNode(true);
    stateDir = await makeStateDir();
    const gen = generateConfig(join(stateDir, 'gen'), 'rules', node.address);
    base = gen.controlPlane;
    // A rule someone else added (no protocol) at a priority the config uses later: never the agent's.
    ipIn(node.ns, '-4', 'rule', 'add', 'priority', '1000', 'from', '10.9.0.0/16', 'table', '9');
    agent = startAgent(node.address, stateDir, { netns: node.ns });
    await agent.waitReady();
    net = { interfaces: [{ interface: 'eth0', addresses: [`${node.address}/24`] }] };
    admin = await applyAndConnect(node.address, withNetwork(base, net, docs), gen.adminTLS).catch(
      (e: unknown) => {
        throw new Error(`${String(e)}\n${agent.output()}`);
      },
    );
  }, 120_000);

  afterAll(async () => {
    admin?.close();
    await agent?.stop();
    lan?.remove();
    if (stateDir) await removeDir(stateDir);
  });

  it('puts the configured rules in the kernel with protocol static', async () => {
    await eventually(async () => {
      const v4 = rulesIn(node.ns, '-4');
      const v6 = rulesIn(node.ns, '-6');
      expect(v4).toEqual(
        expect.arrayContaining([
          { priority: 1000, src: '10.0.0.0', srclen: 8, table: '100', protocol: 'static' },
          {
            priority: 1001,
            src: 'all',
            dst: '192.0.2.0',
            dstlen: 24,
            action: 'blackhole',
            protocol: 'static',
          },
          { priority: 1003, src: 'all', fwmark: '0x99', action: 'prohibit', protocol: 'static' },
        ]),
      );
      expect(v6).toEqual(
        expect.arrayContaining([
          {
            priority: 1002,
            src: 'all',
            dst: 'fd00::',
            dstlen: 8,
            iif: 'lo',
            fwmark: '0x10',
            fwmask: '0xff',
            table: 'main',
            protocol: 'static',
          },
          { priority: 1003, src: 'all', fwmark: '0x99', action: 'prohibit', protocol: 'static' },
        ]),
      );
      // The blackhole rule names an IPv4 destination: IPv4 only.
      expect(v6.some((r) => r.priority === 1001)).toBe(false);
    }, 200);
  });

  it('shows the rules as RoutingRuleSpecs and RoutingRuleStatuses (ids as Talos: family/priority)', async () => {
    await eventually(async () => {
      const specs = await list(admin, 'RoutingRuleSpecs.net.talos.dev');
      expect([...specs.keys()].sort()).toEqual([
        'inet4/01000',
        'inet4/01001',
        'inet4/01003',
        'inet6/01002',
        'inet6/01003',
      ]);
      expect(specs.get('inet4/01000')).toEqual({
        family: 'inet4',
        src: '10.0.0.0/8',
        dst: '',
        table: '100',
        priority: 1000,
        action: 'unicast',
        layer: 'configuration',
      });
      const statuses = await list(admin, 'RoutingRuleStatuses.net.talos.dev');
      expect(statuses.get('inet6/01002')).toEqual({
        family: 'inet6',
        src: '',
        dst: 'fd00::/8',
        table: 'main',
        priority: 1002,
        action: 'unicast',
        iifName: 'lo',
        fwMark: 16,
        fwMask: 255,
      });
      expect(statuses.get('inet4/01001')).toMatchObject({ action: 'blackhole', table: 'unspec' });
      // The kernel's own rules are observed too.
      expect(statuses.get('inet4/32766')).toMatchObject({ table: 'main', action: 'unicast' });
      expect(statuses.get('inet6/00000')).toMatchObject({ table: 'local' });
    }, 200);
  });

  it('replaces a changed rule and removes a dropped one on a no-reboot apply, leaving others alone', async () => {
    const changed = [ruleDoc('1000', { src: '10.0.0.0/8', table: '101' }), docs[2]!];
    await admin.unary('/machine.MachineService/ApplyConfiguration', {
      data: withNetwork(base, net, changed),
      mode: 'NO_REBOOT',
    });
    await eventually(async () => {
      const v4 = rulesIn(node.ns, '-4');
      expect(v4.filter((r) => r.priority === 1000)).toEqual(
        expect.arrayContaining([
          { priority: 1000, src: '10.0.0.0', srclen: 8, table: '101', protocol: 'static' },
          { priority: 1000, src: '10.9.0.0', srclen: 16, table: '9', protocol: 'unspec' },
        ]),
      );
      expect(v4.filter((r) => r.priority === 1000)).toHaveLength(2);
      expect(v4.some((r) => r.priority === 1001 || r.priority === 1003)).toBe(false);
      expect(rulesIn(node.ns, '-6').some((r) => r.priority === 1003)).toBe(false);
      const statuses = await list(admin, 'RoutingRuleStatuses.net.talos.dev');
      expect(statuses.has('inet4/01001')).toBe(false);
      expect(statuses.has('inet6/01003')).toBe(false);
    }, 200);
  });

  it('refuses a reserved priority, a bad prefix, a bad table and a mask without a mark with InvalidArgument, changing nothing', async () => {
    const before = JSON.stringify([rulesIn(node.ns, '-4'), rulesIn(node.ns, '-6')]);
    const bad: Array<[string, object]> = [
      ['reserved priority', ruleDoc('32766', { table: '100' })],
      ['bad prefix', ruleDoc('1500', { src: '10.0.0.300/8', table: '100' })],
      ['bad table', ruleDoc('1500', { table: '999' })],
      ['mask without mark', ruleDoc('1500', { table: '100', fwMask: 255 })],
      ['neither table nor action', ruleDoc('1500', { src: '10.1.0.0/16' })],
    ];
    for (const [what, doc] of bad) {
      const err = await admin
        .unary('/machine.MachineService/ApplyConfiguration', {
          data: withNetwork(base, net, [ruleDoc('1000', { src: '10.0.0.0/8', table: '101' }), doc]),
          mode: 'NO_REBOOT',
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(grpcCode(err), what).toBe(status.INVALID_ARGUMENT);
    }
    await new Promise((r) => setTimeout(r, 1000));
    expect(JSON.stringify([rulesIn(node.ns, '-4'), rulesIn(node.ns, '-6')])).toBe(before);
  });
});
