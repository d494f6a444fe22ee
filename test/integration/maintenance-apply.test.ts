// A real agent in container mode: maintenance mode, bad configs refused with nothing written,
// a good config applied, then mTLS with roles, and a restart that comes up configured.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, handshake, makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { grpcCode, TestClient } from '../harness/client';
import { eventually } from '../harness/eventually';

const ADDRESS = '127.0.0.21';
const APPLY = '/machine.MachineService/ApplyConfiguration';
const VERSION = '/machine.MachineService/Version';

interface TalosConfig {
  context: string;
  contexts: Record<string, { ca: string; crt: string; key: string }>;
}

const b64 = (s: string): string => Buffer.from(s, 'base64').toString();

describe('maintenance mode, apply, mTLS', () => {
  let stateDir: string;
  let genDir: string;
  let agent: Agent;
  let defaultHostname = '';
  const adminTLS = () => {
    const tc = parse(readFileSync(join(genDir, 'talosconfig'), 'utf8')) as TalosConfig;
    const ctx = tc.contexts[tc.context]!;
    return { caPem: b64(ctx.ca), certPem: b64(ctx.crt), keyPem: b64(ctx.key) };
  };

  beforeAll(async () => {
    stateDir = await makeStateDir();
    genDir = await makeStateDir();
    execFileSync(process.execPath, [
      BIN,
      'gen',
      'config',
      'itest',
      `https://${ADDRESS}:6443`,
      '--output-dir',
      genDir,
    ]);
    agent = startAgent(ADDRESS, stateDir);
    await agent.waitReady();
  });

  afterAll(async () => {
    await agent?.stop();
    await removeDir(stateDir);
    await removeDir(genDir);
  });

  it('logs how to reach it in maintenance mode', () => {
    expect(agent.output()).toContain('this machine is reachable at:');
    expect(agent.output()).toMatch(
      /talosctl apply-config --insecure --nodes 127\.0\.0\.21 --file <config\.yaml>/,
    );
    expect(agent.output()).toMatch(/"fingerprint":"[A-Za-z0-9+/]{43}="/);
  });

  it('answers Version to an insecure client', async () => {
    const c = new TestClient(ADDRESS);
    const res = await c.unary<{ messages: { version: { tag: string }; platform: { name: string } }[] }>(
      VERSION,
      {},
    );
    expect(res.messages[0]?.version.tag).toBe('v1.13.9');
    expect(res.messages[0]?.platform.name).toBe('container');
    c.close();
  });

  it('refuses admin-only methods with PermissionDenied and lets a reader reach a reader method', async () => {
    const c = new TestClient(ADDRESS);
    await expect(c.unary('/machine.MachineService/Reboot', {})).rejects.toSatisfy(
      (e) => grpcCode(e) === status.PERMISSION_DENIED,
    );
    await expect(c.unary('/machine.MachineService/Bootstrap', {})).rejects.toSatisfy(
      (e) => grpcCode(e) === status.PERMISSION_DENIED,
    );
    // a reader method: past the role check, the method itself judges the request (no reader method is
    // unbuilt any more; the method-table test lists what answers Unimplemented)
    await expect(c.unary('/machine.ImageService/Verify', {})).rejects.toSatisfy(
      (e) => grpcCode(e) === status.INVALID_ARGUMENT && /image reference is invalid/.test(String(e)),
    );
    c.close();
  });

  it('has a stable default hostname from its persisted identity', async () => {
    const c = new TestClient(ADDRESS);
    const status = await eventually(() => hostnameStatus(c));
    expect(status.hostname).toMatch(/^talos-[0-9a-z]{3}-[0-9a-z]{3}$/);
    defaultHostname = status.hostname;
    c.close();
  });

  it('serves resource definitions and refuses sensitive resources to a reader', async () => {
    const c = new TestClient(ADDRESS);
    const list = await c.serverStream<{ resource: { metadata: { id: string } } }>(
      '/cosi.resource.State/List',
      {
        namespace: 'meta',
        type: 'ResourceDefinitions.meta.cosi.dev',
      },
    );
    const ids = list.map((r) => r.resource.metadata.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'versions.runtime.talos.dev',
        'machinestatuses.runtime.talos.dev',
        'namespaces.meta.cosi.dev',
      ]),
    );
    const ms = await c.unary<{ resource: { spec: { yaml_spec: string } } }>('/cosi.resource.State/Get', {
      namespace: 'runtime',
      type: 'MachineStatuses.runtime.talos.dev',
      id: 'machine',
    });
    expect(parse(ms.resource.spec.yaml_spec)).toMatchObject({ stage: 'maintenance' });
    await expect(
      c.unary('/cosi.resource.State/Get', {
        namespace: 'secrets',
        type: 'ApiCertificates.secrets.talos.dev',
        id: 'api',
      }),
    ).rejects.toSatisfy((e) => grpcCode(e) === status.PERMISSION_DENIED);
    c.close();
  });

  const bad: [string, () => Buffer][] = [
    ['malformed YAML', () => Buffer.from('version: v1alpha1\nmachine: [\n')],
    ['unknown kind', () => Buffer.from('apiVersion: v1alpha1\nkind: NoSuchKind\nname: x\n')],
    [
      'wrong type',
      () =>
        Buffer.from(
          readFileSync(join(genDir, 'controlplane.yaml'), 'utf8').replace(
            /^debug: false$/m,
            'debug: "yes please"',
          ),
        ),
    ],
    [
      'missing required field',
      () =>
        Buffer.from(
          readFileSync(join(genDir, 'controlplane.yaml'), 'utf8').replace(/^ {4}type: controlplane$/m, ''),
        ),
    ],
    ['oversized', () => Buffer.alloc(5 * 1024 * 1024, 'a')],
    ['empty', () => Buffer.alloc(0)],
  ];

  it.each(bad)('rejects a config with %s as InvalidArgument and writes nothing', async (_name, make) => {
    const c = new TestClient(ADDRESS);
    let err: unknown;
    try {
      await c.unary(APPLY, { data: make(), mode: 'AUTO' });
    } catch (e: unknown) {
      err = e;
    }
    expect(grpcCode(err)).toBe(status.INVALID_ARGUMENT);
    expect((err as Error).message.length).toBeGreaterThan(20);
    // nothing but the identity made at first start and the system containerd's directories and log
    // (it runs in maintenance too): no config, no temporary file
    const containerd = ['etc', 'system', 'var'];
    expect(readdirSync(stateDir).filter((n) => !containerd.includes(n))).toEqual(['node-id']);
    if (existsSync(join(stateDir, 'var'))) expect(readdirSync(join(stateDir, 'var'))).toEqual(['log']);
    // still in maintenance: an insecure client is still served
    await expect(c.unary(VERSION, {})).resolves.toBeDefined();
    c.close();
  });

  it('applies a generated control-plane config, then serves mTLS with roles', async () => {
    const c = new TestClient(ADDRESS);
    const res = await c.unary<{ messages: { mode: string; mode_details: string }[] }>(APPLY, {
      data: readFileSync(join(genDir, 'controlplane.yaml')),
      mode: 'AUTO',
    });
    expect(res.messages[0]?.mode).toBe('NO_REBOOT');
    c.close();
    expect(existsSync(join(stateDir, 'config.yaml'))).toBe(true);

    const tc = parse(readFileSync(join(genDir, 'talosconfig'), 'utf8')) as TalosConfig;
    const ctx = tc.contexts[tc.context]!;
    const tls = { caPem: b64(ctx.ca), certPem: b64(ctx.crt), keyPem: b64(ctx.key) };
    const admin = await eventually(async () => {
      const a = new TestClient(ADDRESS, tls);
      await a.unary(VERSION, {});
      return a;
    });
    const types = await admin.serverStream('/cosi.resource.State/List', {
      namespace: 'meta',
      type: 'ResourceDefinitions.meta.cosi.dev',
    });
    expect(types.length).toBeGreaterThan(3);
    const mc = await admin.unary<{ resource: { spec: { yaml_spec: string } } }>('/cosi.resource.State/Get', {
      namespace: 'config',
      type: 'MachineConfigs.config.talos.dev',
      id: 'v1alpha1',
    });
    expect(mc.resource.spec.yaml_spec).toContain('clusterName: itest');
    // controllers turn the config into resources: MachineTypes follows the applied config
    const mt = await eventually(async () => {
      const r = await admin.unary<{ resource: { spec: { yaml_spec: string } } }>('/cosi.resource.State/Get', {
        namespace: 'config',
        type: 'MachineTypes.config.talos.dev',
        id: 'machine-type',
      });
      if (!r.resource.spec.yaml_spec.startsWith('controlplane')) throw new Error(r.resource.spec.yaml_spec);
      return r;
    });
    expect(mt.resource.spec.yaml_spec).toBe('controlplane\n');
    // log sources, as `talosctl logs machined` reads them
    const logs = await admin.serverStream<{ bytes: Buffer }>('/machine.MachineService/Logs', {
      namespace: 'system',
      id: 'machined',
      tail_lines: -1,
      follow: false,
    });
    const text = Buffer.concat(logs.map((l) => l.bytes)).toString();
    expect(text).toContain('this machine is reachable at:');
    // every call machined served is in its log, as Talos logs them (the Get just above among them)
    expect(text).toMatch(/OK \[\/cosi\.resource\.State\/Get\] \S+ unary Success \(.*user-agent=grpc-node-js/);
    expect(text).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\.\d{6} /m);
    const sources = await admin.unary<{ messages: { ids: string[] }[] }>(
      '/machine.MachineService/LogsContainers',
      {},
    );
    expect(sources.messages[0]?.ids).toEqual(expect.arrayContaining(['machined', 'controller-runtime']));
    const deps = await admin.unary<{
      messages: { edges: { controller_name: string; edge_type: string; resource_type: string }[] }[];
    }>('/inspect.InspectService/ControllerRuntimeDependencies', {});
    expect(deps.messages[0]?.edges).toEqual(
      expect.arrayContaining([
        {
          controller_name: 'config.MachineTypeController',
          edge_type: 'OUTPUT_EXCLUSIVE',
          resource_namespace: 'config',
          resource_type: 'MachineTypes.config.talos.dev',
          resource_id: '',
        },
        expect.objectContaining({
          controller_name: 'config.MachineTypeController',
          edge_type: 'INPUT_WEAK',
          resource_type: 'MachineConfigs.config.talos.dev',
        }),
      ]),
    );
    admin.close();

    // an insecure client is now refused at the TLS level
    const insecure = new TestClient(ADDRESS);
    await expect(insecure.unary(VERSION, {})).rejects.toSatisfy((e) => grpcCode(e) === status.UNAVAILABLE);
    insecure.close();
  });

  it('comes up configured after a restart', async () => {
    await agent.stop();
    agent = startAgent(ADDRESS, stateDir);
    await agent.waitReady();
    expect(agent.output()).not.toContain('entering maintenance');
    expect(await handshake(ADDRESS, 50000)).toBe(true);
    const insecure = new TestClient(ADDRESS);
    await expect(insecure.unary(VERSION, {})).rejects.toMatchObject({ code: status.UNAVAILABLE });
    insecure.close();
    // the identity survived: the generated config's HostnameConfig (auto: stable) names the node the same
    const admin = new TestClient(ADDRESS, adminTLS());
    const hostname = await eventually(() => hostnameStatus(admin));
    expect(hostname.hostname).toBe(defaultHostname);
    admin.close();
  });
});

async function hostnameStatus(c: TestClient): Promise<{ hostname: string }> {
  const r = await c.unary<{ resource: { spec: { yaml_spec: string } } }>('/cosi.resource.State/Get', {
    namespace: 'network',
    type: 'HostnameStatuses.net.talos.dev',
    id: 'hostname',
  });
  return parse(r.resource.spec.yaml_spec) as { hostname: string };
}
