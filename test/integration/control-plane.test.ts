// A control-plane config applied to a real agent in container mode becomes the node's desired state:
// static pods rendered as manifests, bootstrap manifests, etcd and kubelet specs, certificates; a
// no-reboot apply re-renders only what changed; try rolls back; dry-run changes nothing; a reader
// cannot read secrets.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueClientCertificate } from '../../src/cli/gen/talosconfig';
import { apiSchema } from '../../src/grpc/api-schema';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { grpcCode, TestClient } from '../harness/client';
import { eventually } from '../harness/eventually';
import { applyAndConnect, generateConfig } from '../harness/configured';

const ADDRESS = '127.0.0.24';
const APPLY = '/machine.MachineService/ApplyConfiguration';
const PODS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

interface Res {
  resource: { metadata: { id: string; version: string }; spec: { yaml_spec: string } };
}
interface ApplyRes {
  messages: { mode: string; mode_details: string }[];
}

const b64 = (s: string): string => Buffer.from(s, 'base64').toString();

describe('control-plane config → desired state', () => {
  let stateDir: string;
  let genDir: string;
  let agent: Agent;
  let admin: TestClient;
  let base: string;
  const manifest = (id: string) => join(stateDir, 'etc/kubernetes/manifests', `talos-${id}.yaml`);
  const get = (namespace: string, type: string, id: string, c = admin) =>
    c.unary<Res>('/cosi.resource.State/Get', { namespace, type, id });
  const list = async (namespace: string, type: string, c = admin) =>
    (await c.serverStream<Res>('/cosi.resource.State/List', { namespace, type })).map((r) => r.resource);
  const staticPod = (id: string) => get('k8s', 'StaticPods.kubernetes.talos.dev', id);
  const activeConfig = async () =>
    (await get('config', 'MachineConfigs.config.talos.dev', 'v1alpha1')).resource.spec.yaml_spec;
  const withApiServerArg = (arg: string) =>
    base.replace(/^( {4}apiServer:\n)/m, `$1        extraArgs:\n            ${arg}\n`);

  beforeAll(async () => {
    stateDir = await makeStateDir();
    genDir = await makeStateDir();
    const gen = generateConfig(genDir, 'cp', ADDRESS);
    base = gen.controlPlane.toString();
    agent = startAgent(ADDRESS, stateDir);
    await agent.waitReady();
    admin = await applyAndConnect(ADDRESS, gen.controlPlane, gen.adminTLS);
  });

  afterAll(async () => {
    admin?.close();
    await agent?.stop();
    await removeDir(stateDir);
    await removeDir(genDir);
  });

  it('derives static pods, manifests, etcd and kubelet specs, hostname and certificates', async () => {
    for (const id of PODS) {
      const pod = parse((await eventually(() => staticPod(id))).resource.spec.yaml_spec) as {
        metadata: { name: string; namespace: string };
      };
      expect(pod.metadata).toMatchObject({ name: id, namespace: 'kube-system' });
      const onDisk = parse(await eventually(async () => readFileSync(manifest(id), 'utf8'))) as unknown;
      expect(onDisk).toEqual(pod);
    }
    const manifests = await eventually(async () => {
      const ids = (await list('controlplane', 'Manifests.kubernetes.talos.dev')).map((r) => r.metadata.id);
      if (!ids.includes('11-core-dns')) throw new Error(`manifests so far: ${ids.join(', ')}`);
      return ids;
    });
    expect(manifests).toEqual(
      expect.arrayContaining([
        '00-kubelet-bootstrapping-token',
        '10-kube-proxy',
        '11-core-dns',
        '05-flannel',
      ]),
    );
    const etcd = await eventually(() => get('etcd', 'EtcdSpecs.etcd.talos.dev', 'etcd'));
    expect((parse(etcd.resource.spec.yaml_spec) as { image: string }).image).toContain('etcd');
    const kubelet = await eventually(() => get('k8s', 'KubeletSpecs.kubernetes.talos.dev', 'kubelet'));
    expect((parse(kubelet.resource.spec.yaml_spec) as { image: string }).image).toContain('kubelet');
    const hostname = await get('network', 'HostnameStatuses.net.talos.dev', 'hostname');
    expect((parse(hostname.resource.spec.yaml_spec) as { hostname: string }).hostname).toMatch(/^talos-/);
    const time = await eventually(() => get('network', 'TimeServerStatuses.net.talos.dev', 'timeservers'));
    expect(parse(time.resource.spec.yaml_spec)).toEqual({ timeServers: ['time.cloudflare.com'] });
    for (const [type, id] of [
      ['ApiCertificates.secrets.talos.dev', 'api'],
      ['KubernetesDynamicCerts.secrets.talos.dev', 'k8s-dynamic-certs'],
      ['EtcdSecrets.secrets.talos.dev', 'etcd'],
    ] as const) {
      const r = await eventually(() => get('secrets', type, id));
      expect(r.resource.spec.yaml_spec).toMatch(/LS0tLS1CRUdJTi/); // base64 of "-----BEGIN"
    }
    const statuses = await eventually(async () => {
      const s = await list('k8s', 'StaticPodStatuses.kubernetes.talos.dev');
      if (s.length < PODS.length) throw new Error(`${s.length} statuses`);
      return s.map((r) => r.metadata.id);
    });
    expect(statuses.every((id) => id.startsWith('kube-system/kube-'))).toBe(true);
    // what `talosctl logs controller-runtime` shows, as users grep it
    const logs = await admin.serverStream<{ bytes: Buffer }>('/machine.MachineService/Logs', {
      namespace: 'system',
      id: 'controller-runtime',
      tail_lines: -1,
      follow: false,
    });
    const text = Buffer.concat(logs.map((l) => l.bytes)).toString();
    for (const id of PODS) expect(text).toMatch(new RegExp(`rendered new static pod.*"id":"${id}"`));
  });

  it('streams runtime events: the hello event, then the machine status changes', async () => {
    type Ev = { data: { type_url: string; value: Buffer }; id: string };
    const STATUS_URL = 'talos/runtime/machine.MachineStatusEvent';
    const SERVICE_URL = 'talos/runtime/machine.ServiceStateEvent';
    const isStatus = (e: Ev) => e.data.type_url === STATUS_URL;
    const events = await admin.serverStream<Ev>(
      '/machine.MachineService/Events',
      { tail_events: -1 },
      Infinity,
      (_e, all) => all.filter(isStatus).length >= 2 && all.some((e) => e.data.type_url === SERVICE_URL),
    );
    expect(events[0]).toMatchObject({ data: { type_url: '' }, id: '' });
    for (const e of events.slice(1)) expect(e.id).toMatch(/^[0-9a-v]{20}$/);
    const codec = apiSchema().codec('machine.MachineStatusEvent');
    const statuses = events.filter(isStatus).map((e) => codec.decode(e.data.value) as { stage: string });
    expect(statuses.map((s) => s.stage)).toEqual(['MAINTENANCE', 'RUNNING']);
    const service = apiSchema().codec('machine.ServiceStateEvent');
    const changes = events
      .filter((e) => e.data.type_url === SERVICE_URL)
      .map((e) => service.decode(e.data.value) as { service: string; action: string });
    expect(changes[0]).toMatchObject({
      service: expect.any(String) as unknown,
      action: expect.any(String) as unknown,
    });
    // the first boot ran as Talos's boot sequence (talosctl and Talos's tests wait for its end)
    const sequence = apiSchema().codec('machine.SequenceEvent');
    const sequences = events
      .filter((e) => e.data.type_url === 'talos/runtime/machine.SequenceEvent')
      .map((e) => sequence.decode(e.data.value) as { sequence: string; action: string });
    expect(sequences.slice(0, 2)).toMatchObject([
      { sequence: 'boot', action: 'START' },
      { sequence: 'boot', action: 'STOP' },
    ]);
  });

  it('supervises machined, apid and trustd, and refuses to stop them through the API', async () => {
    type List = { messages: { services: { id: string; state: string; health: { healthy: boolean } }[] }[] };
    const services = await eventually(async () => {
      const list = (await admin.unary<List>('/machine.MachineService/ServiceList', {})).messages[0]!.services;
      const apid = list.find((s) => s.id === 'apid');
      if (apid?.state !== 'Running' || !apid.health.healthy) throw new Error(JSON.stringify(list));
      return list;
    });
    expect(services.map((s) => s.id)).toEqual([
      'apid',
      'containerd',
      'cri',
      'etcd',
      'kubelet',
      'machined',
      'trustd',
    ]);
    await expect(admin.unary('/machine.MachineService/ServiceStop', { id: 'apid' })).rejects.toMatchObject({
      code: status.UNKNOWN,
      details: `service "apid" doesn't support stop operation via API`,
    });
    await expect(admin.unary('/machine.MachineService/ServiceStart', { id: 'nope' })).rejects.toMatchObject({
      code: status.UNKNOWN,
      details: 'service "nope" not defined',
    });
    const svc = await get('runtime', 'Services.v1alpha1.talos.dev', 'apid');
    expect(parse(svc.resource.spec.yaml_spec)).toMatchObject({ running: true, healthy: true });
  });

  it('a no-reboot apply of apiServer.extraArgs re-renders only the kube-apiserver manifest', async () => {
    const before = new Map<string, { version: string; mtime: number }>();
    for (const id of PODS) {
      const r = await eventually(() => staticPod(id));
      before.set(id, { version: r.resource.metadata.version, mtime: statSync(manifest(id)).mtimeMs });
    }
    const res = await admin.unary<ApplyRes>(APPLY, {
      data: Buffer.from(withApiServerArg('audit-log-maxage: "7"')),
      mode: 'NO_REBOOT',
    });
    expect(res.messages[0]?.mode).toBe('NO_REBOOT');
    await eventually(async () => {
      if (!readFileSync(manifest('kube-apiserver'), 'utf8').includes('--audit-log-maxage=7'))
        throw new Error('not re-rendered yet');
    });
    const api = await staticPod('kube-apiserver');
    expect(Number(api.resource.metadata.version)).toBeGreaterThan(
      Number(before.get('kube-apiserver')!.version),
    );
    for (const id of ['kube-controller-manager', 'kube-scheduler']) {
      expect((await staticPod(id)).resource.metadata.version).toBe(before.get(id)!.version);
      expect(statSync(manifest(id)).mtimeMs).toBe(before.get(id)!.mtime);
    }
    base = withApiServerArg('audit-log-maxage: "7"');
  });

  it('dry_run answers the diff and changes nothing', async () => {
    const configBefore = readFileSync(join(stateDir, 'config.yaml'));
    const versionBefore = (await get('config', 'MachineConfigs.config.talos.dev', 'v1alpha1')).resource
      .metadata.version;
    const res = await admin.unary<ApplyRes>(APPLY, {
      data: Buffer.from(base.replace('audit-log-maxage: "7"', 'audit-log-maxage: "9"')),
      mode: 'NO_REBOOT',
      dry_run: true,
    });
    expect(res.messages[0]?.mode_details).toContain('Dry run summary');
    expect(res.messages[0]?.mode_details).toMatch(/-\s+audit-log-maxage: "7"/);
    expect(res.messages[0]?.mode_details).toMatch(/\+\s+audit-log-maxage: "9"/);
    expect(readFileSync(join(stateDir, 'config.yaml'))).toEqual(configBefore);
    expect(
      (await get('config', 'MachineConfigs.config.talos.dev', 'v1alpha1')).resource.metadata.version,
    ).toBe(versionBefore);
    expect(readFileSync(manifest('kube-apiserver'), 'utf8')).toContain('--audit-log-maxage=7');
  });

  it('a try apply is active until its timeout, then rolled back', async () => {
    const res = await admin.unary<ApplyRes>(APPLY, {
      data: Buffer.from(base.replace('audit-log-maxage: "7"', 'audit-log-maxage: "8"')),
      mode: 'TRY',
      try_mode_timeout: { seconds: 3 },
    });
    expect(res.messages[0]?.mode).toBe('TRY');
    expect(await activeConfig()).toContain('audit-log-maxage: "8"');
    await eventually(async () => {
      if (!readFileSync(manifest('kube-apiserver'), 'utf8').includes('--audit-log-maxage=8'))
        throw new Error('try config not rendered');
    });
    await eventually(async () => {
      if (!(await activeConfig()).includes('audit-log-maxage: "7"')) throw new Error('not rolled back yet');
    }, 100);
    await eventually(async () => {
      if (!readFileSync(manifest('kube-apiserver'), 'utf8').includes('--audit-log-maxage=7'))
        throw new Error('manifest not rolled back');
    });
    expect(readFileSync(join(stateDir, 'config.yaml'), 'utf8')).toContain('audit-log-maxage: "7"');
  });

  it("reads files for an admin: the node's boot id, other paths under the root", async () => {
    const read = async (path: string) =>
      Buffer.concat(
        (await admin.serverStream<{ bytes: Buffer }>('/machine.MachineService/Read', { path })).map(
          (d) => d.bytes,
        ),
      ).toString();
    // in container mode the node's own (a stand-in reboot renews it), the same on every read
    const bootId = await read('/proc/sys/kernel/random/boot_id');
    expect(bootId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\n$/);
    expect(await read('/proc/sys/kernel/random/boot_id')).toBe(bootId);
    const manifest = 'etc/kubernetes/manifests/talos-kube-apiserver.yaml';
    expect(await read(`/${manifest}`)).toBe(readFileSync(join(stateDir, manifest), 'utf8'));
    // the files Talos writes under /etc on every platform: hosts, and the trusted roots bundle
    expect(await eventually(() => read('/etc/hosts'))).toMatch(/^127\.0\.0\.1\tlocalhost\n/);
    expect(await eventually(() => read('/etc/ssl/certs/ca-certificates.crt'))).toContain(
      '-----BEGIN CERTIFICATE-----',
    );
    // Talos's code for a missing file (os.Stat's message)
    await expect(read('/etc/no-such-file')).rejects.toMatchObject({
      code: status.NOT_FOUND,
      details: 'stat /etc/no-such-file: no such file or directory',
    });
    await expect(read('/etc/kubernetes')).rejects.toMatchObject({
      code: status.UNKNOWN,
      details: 'read /etc/kubernetes: is a directory',
    });
  });

  it('refuses sensitive resources to a reader and serves it the others', async () => {
    const cfg = parseAllDocuments(base)[0]!.toJS() as { machine: { ca: { crt: string; key: string } } };
    const ca = { crt: b64(cfg.machine.ca.crt), key: b64(cfg.machine.ca.key) };
    const cert = await issueClientCertificate(ca, 'os:reader');
    const reader = new TestClient(ADDRESS, { caPem: ca.crt, certPem: cert.certPem, keyPem: cert.keyPem });
    try {
      for (const [ns, type, id] of [
        ['secrets', 'KubernetesDynamicCerts.secrets.talos.dev', 'k8s-dynamic-certs'],
        ['secrets', 'ApiCertificates.secrets.talos.dev', 'api'],
        ['k8s', 'KubeletSpecs.kubernetes.talos.dev', 'kubelet'],
        ['config', 'MachineConfigs.config.talos.dev', 'v1alpha1'],
      ] as const) {
        await expect(get(ns, type, id, reader)).rejects.toSatisfy(
          (e) => grpcCode(e) === status.PERMISSION_DENIED,
        );
        await expect(list(ns, type, reader)).rejects.toSatisfy(
          (e) => grpcCode(e) === status.PERMISSION_DENIED,
        );
      }
      const pods = await list('k8s', 'StaticPods.kubernetes.talos.dev', reader);
      expect(pods.map((p) => p.metadata.id).sort()).toEqual(PODS);
      // Read is for admins only (talosctl reboot --wait then skips its boot id check).
      await expect(
        reader.serverStream('/machine.MachineService/Read', { path: '/proc/sys/kernel/random/boot_id' }),
      ).rejects.toSatisfy((e) => grpcCode(e) === status.PERMISSION_DENIED);
    } finally {
      reader.close();
    }
  });
});
