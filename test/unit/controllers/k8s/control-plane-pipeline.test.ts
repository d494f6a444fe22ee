// The control-plane pipeline end to end over MemoryState with the real controller runtime: machine config
// → component configs → rendered configuration files + ConfigStatus → StaticPods (once the test writes
// SecretsStatus ready), and `machine.pods` → StaticPods.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlPlaneAdmissionControlController } from '../../../../controllers/k8s/admission-control-config';
import { ControlPlaneAPIServerController } from '../../../../controllers/k8s/apiserver-config';
import { ControlPlaneAuditPolicyController } from '../../../../controllers/k8s/audit-policy-config';
import { ControlPlaneAuthorizationController } from '../../../../controllers/k8s/authorization-config';
import { ControlPlaneControllerManagerController } from '../../../../controllers/k8s/controller-manager-config';
import { ControlPlaneSchedulerController } from '../../../../controllers/k8s/scheduler-config';
import { ControlPlaneStaticPodController } from '../../../../controllers/k8s/control-plane-static-pod';
import { RenderConfigsStaticPodController } from '../../../../controllers/k8s/config-status';
import { StaticPodConfigController } from '../../../../controllers/k8s/config-static-pod';
import { parseMachineConfig } from '../../../../src/config';
import {
  MachineConfigDefinition,
  type MachineConfigSpec,
} from '../../../../src/resources/config/machine-config';
import {
  APIServerConfigDefinition,
  type APIServerConfigSpec,
} from '../../../../src/resources/k8s/apiserver-config';
import { ConfigStatusDefinition, type ConfigStatusSpec } from '../../../../src/resources/k8s/config-status';
import {
  ControllerManagerConfigDefinition,
  type ControllerManagerConfigSpec,
} from '../../../../src/resources/k8s/controller-manager-config';
import { SchedulerConfigDefinition } from '../../../../src/resources/k8s/scheduler-config';
import {
  SecretsStatusDefinition,
  type SecretsStatusSpec,
} from '../../../../src/resources/k8s/secrets-status';
import { StaticPodDefinition, type StaticPodSpec } from '../../../../src/resources/k8s/static-pod';
import type { Resource, ResourcePointer } from '../../../../src/state';
import { harness, settle, waitFor, type Harness } from '../../controller-runtime/helpers';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/config/${name}.yaml`, import.meta.url), 'utf8');
const CONTROLPLANE = fixture('controlplane');
const WORKER = fixture('worker');

const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: 'v1alpha1' };
const cp = (type: string, id: string): ResourcePointer => ({ namespace: 'controlplane', type, id });
const API_CONFIG = cp(APIServerConfigDefinition.type, 'kube-apiserver');
const CM_CONFIG = cp(ControllerManagerConfigDefinition.type, 'kube-controller-manager');
const SCHED_CONFIG = cp(SchedulerConfigDefinition.type, 'kube-scheduler');
const CONFIG_STATUS = cp(ConfigStatusDefinition.type, 'static-pods');
const SECRETS_STATUS = cp(SecretsStatusDefinition.type, 'static-pods');
const pod = (id: string): ResourcePointer => ({ namespace: 'k8s', type: StaticPodDefinition.type, id });
const APISERVER = pod('kube-apiserver');
const CONTROLLER_MANAGER = pod('kube-controller-manager');
const SCHEDULER = pod('kube-scheduler');
const CONTROL_PLANE_PODS = [APISERVER, CONTROLLER_MANAGER, SCHEDULER];

const withAPIServerArgs = (text: string, lines: string): string =>
  text.replace('    apiServer:\n', `    apiServer:\n        extraArgs:\n${lines}`);
const withPods = (text: string, pods: string): string =>
  text.replace('machine:\n', `machine:\n    pods:\n${pods}`);

let h: Harness;
let rootDir: string;

async function start(config: string): Promise<Harness> {
  rootDir = await mkdtemp(join(tmpdir(), 'talos-cp-'));
  h = harness();
  for (const c of [
    new ControlPlaneAPIServerController(),
    new ControlPlaneAdmissionControlController(),
    new ControlPlaneAuditPolicyController(),
    new ControlPlaneAuthorizationController(),
    new ControlPlaneControllerManagerController(),
    new ControlPlaneSchedulerController(),
    new RenderConfigsStaticPodController({ rootDir }),
    new ControlPlaneStaticPodController(),
    new StaticPodConfigController(),
  ])
    h.runtime.register(c);
  h.start();
  await applyConfig(config);
  return h;
}

async function applyConfig(text: string): Promise<void> {
  const spec: MachineConfigSpec = { config: parseMachineConfig(text) };
  await h.state.modify<MachineConfigSpec>(CONFIG, () => spec);
}

const setSecrets = (ready: boolean, version = '1') =>
  h.state.modify<SecretsStatusSpec>(SECRETS_STATUS, () => ({ ready, version }));

const get = <S>(p: ResourcePointer): Promise<Resource<S> | undefined> =>
  h.state.get<S>(p).catch(() => undefined);

const present = <S>(p: ResourcePointer, ok: (r: Resource<S>) => boolean = () => true) =>
  waitFor(async () => {
    const r = await get<S>(p);
    return r && ok(r) ? r : undefined;
  }, `${p.type}/${p.id}`);

const absent = (p: ResourcePointer) => waitFor(async () => (await get(p)) === undefined, `${p.id} removed`);

const command = (r: Resource<StaticPodSpec>): string[] => {
  const containers = (r.spec.pod['spec'] as { containers: Array<{ command: string[] }> }).containers;
  return containers[0]?.command ?? [];
};

afterEach(async () => {
  await h.shutdown();
  await rm(rootDir, { recursive: true, force: true });
});

describe('control-plane pipeline', () => {
  it('derives the component configs from the control-plane config', async () => {
    await start(CONTROLPLANE);
    const api = (await present<APIServerConfigSpec>(API_CONFIG)).spec;
    expect(api).toMatchObject({
      image: 'registry.k8s.io/kube-apiserver:v1.36.3',
      cloudProvider: '',
      controlPlaneEndpoint: 'https://10.5.0.2:6443',
      etcdServers: ['https://127.0.0.1:2379'],
      localPort: 6443,
      serviceCIDRs: ['10.96.0.0/12'],
      extraArgs: {},
      advertisedAddress: '$(POD_IP)',
      resources: { requests: { cpu: '', memory: '' }, limits: {} },
    });
    const cm = (await present<ControllerManagerConfigSpec>(CM_CONFIG)).spec;
    expect(cm).toMatchObject({ enabled: true, podCIDRs: ['10.244.0.0/16'], serviceCIDRs: ['10.96.0.0/12'] });
  });

  it('renders the configuration files under the root directory and reports ConfigStatus', async () => {
    await start(CONTROLPLANE);
    const status = await present<ConfigStatusSpec>(CONFIG_STATUS);
    expect(status.spec.ready).toBe(true);
    expect(status.spec.version).toMatch(/^\d{4,}$/);
    const apiDir = join(rootDir, 'system/config/kubernetes/kube-apiserver');
    const admission = await readFile(join(apiDir, 'admission-control-config.yaml'), 'utf8');
    expect(
      admission.startsWith(
        'apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n- configuration:\n',
      ),
    ).toBe(true);
    expect(parse(admission)).toMatchObject({
      plugins: [{ name: 'PodSecurity', path: '', configuration: { kind: 'PodSecurityConfiguration' } }],
    });
    expect(parse(await readFile(join(apiDir, 'auditpolicy.yaml'), 'utf8'))).toEqual({
      apiVersion: 'audit.k8s.io/v1',
      kind: 'Policy',
      metadata: { creationTimestamp: null },
      rules: [{ level: 'Metadata' }],
    });
    expect(parse(await readFile(join(apiDir, 'authorization-config.yaml'), 'utf8'))).toEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'AuthorizationConfiguration',
      authorizers: [
        { type: 'Node', name: 'node' },
        { type: 'RBAC', name: 'rbac' },
      ],
    });
    const schedulerFile = join(rootDir, 'system/config/kubernetes/kube-scheduler/scheduler-config.yaml');
    expect(parse(await readFile(schedulerFile, 'utf8'))).toEqual({
      apiVersion: 'kubescheduler.config.k8s.io/v1',
      kind: 'KubeSchedulerConfiguration',
      clientConnection: { kubeconfig: '/system/secrets/kubernetes/kube-scheduler/kubeconfig' },
    });
    expect((await stat(schedulerFile)).mode & 0o777).toBe(0o400);
  });

  it('creates the three static pods only once the secrets are ready', async () => {
    await start(CONTROLPLANE);
    await present(CONFIG_STATUS);
    await setSecrets(false);
    await settle();
    for (const p of CONTROL_PLANE_PODS) expect(await get(p), p.id).toBeUndefined();

    await setSecrets(true, '7');
    const api = await present<StaticPodSpec>(APISERVER);
    await present(CONTROLLER_MANAGER);
    await present(SCHEDULER);
    const meta = api.spec.pod['metadata'] as { annotations: Record<string, string> };
    expect(meta.annotations['talos.dev/secrets-version']).toBe('7');
    expect(command(api)).toContain('--service-account-issuer=https://10.5.0.2:6443');
    expect(api.metadata.owner).toBe('k8s.ControlPlaneStaticPodController');

    // Secrets gone: the pods go.
    await h.state.destroy(SECRETS_STATUS);
    for (const p of CONTROL_PLANE_PODS) await absent(p);
  });

  it('a change of apiServer.extraArgs changes only the kube-apiserver pod', async () => {
    await start(CONTROLPLANE);
    await setSecrets(true);
    await present(SCHEDULER);
    const before = await Promise.all(CONTROL_PLANE_PODS.map((p) => present<StaticPodSpec>(p)));
    const statusBefore = await present<ConfigStatusSpec>(CONFIG_STATUS);

    await applyConfig(withAPIServerArgs(CONTROLPLANE, '            audit-log-maxage: "7"\n'));
    const api = await present<StaticPodSpec>(
      APISERVER,
      (r) => r.metadata.version > (before[0]?.metadata.version ?? 0),
    );
    expect(command(api)).toContain('--audit-log-maxage=7');
    expect(command(api)).not.toContain('--audit-log-maxage=30');
    await settle(100);

    for (const [i, p] of [CONTROLLER_MANAGER, SCHEDULER].entries()) {
      const now = await present<StaticPodSpec>(p);
      expect(now.metadata.version, p.id).toBe(before[i + 1]?.metadata.version);
      expect(now.spec, p.id).toEqual(before[i + 1]?.spec);
    }
    expect((await present<ConfigStatusSpec>(CONFIG_STATUS)).metadata.version).toBe(
      statusBefore.metadata.version,
    );
  });

  it('a worker has no control-plane configs or pods', async () => {
    await start(CONTROLPLANE);
    await setSecrets(true);
    await present(SCHEDULER);
    await applyConfig(WORKER);
    for (const p of [API_CONFIG, CM_CONFIG, SCHED_CONFIG, ...CONTROL_PLANE_PODS]) await absent(p);
  });

  it('never gives a worker control-plane resources', async () => {
    await start(WORKER);
    await setSecrets(true);
    await settle(100);
    for (const p of [API_CONFIG, CM_CONFIG, SCHED_CONFIG, CONFIG_STATUS, ...CONTROL_PLANE_PODS])
      expect(await get(p), p.id).toBeUndefined();
  });

  it('a disabled scheduler has no pod', async () => {
    await start(
      CONTROLPLANE.replace(
        '    type: controlplane\n',
        '    type: controlplane\n    controlPlane:\n        scheduler:\n            disabled: true\n',
      ),
    );
    await setSecrets(true);
    await present(CONTROLLER_MANAGER);
    await settle();
    expect(await get(SCHEDULER)).toBeUndefined();
  });

  it('turns machine.pods into StaticPods named <namespace>-<name>', async () => {
    const pods = [
      '        - apiVersion: v1',
      '          kind: Pod',
      '          metadata:',
      '              name: nginx',
      '          spec:',
      '              containers:',
      '                  - name: nginx',
      '                    image: nginx',
      '        - apiVersion: v1',
      '          kind: Pod',
      '          metadata:',
      '              name: web',
      '              namespace: apps',
      '',
    ].join('\n');
    await start(withPods(WORKER, pods));
    const nginx = await present<StaticPodSpec>(pod('default-nginx'));
    expect(nginx.spec.pod).toMatchObject({ kind: 'Pod', metadata: { name: 'nginx' } });
    expect(nginx.metadata.owner).toBe('k8s.StaticPodConfigController');
    await present(pod('apps-web'));

    await applyConfig(WORKER);
    await absent(pod('default-nginx'));
    await absent(pod('apps-web'));
  });

  it('fails on a pod without a name, as Talos does', async () => {
    await start(withPods(WORKER, '        - apiVersion: v1\n          kind: Pod\n          metadata: {}\n'));
    await waitFor(
      () =>
        h
          .logs()
          .some(
            (l) => l.controller === 'k8s.StaticPodConfigController' && l.level !== undefined && l.level >= 50,
          ),
      'controller failure logged',
    );
  });
});
