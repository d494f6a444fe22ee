// The pieces the control-plane pods are built from: quantities in canonical form, flag merging by
// Talos's policies, image versions, and the kube-apiserver/controller-manager/scheduler pods.
import { describe, expect, it } from 'vitest';
import { apiServerPod } from '../../../src/k8s/pods/kube-apiserver';
import { controllerManagerPod } from '../../../src/k8s/pods/kube-controller-manager';
import { schedulerPod } from '../../../src/k8s/pods/kube-scheduler';
import { versionFromImage } from '../../../src/k8s/version';
import { isExtraArgDeniedError } from '../../../src/config/errors';
import { mergeArgs, renderArgs } from '../../../src/k8s/pod-args';
import { canonicalize, isQuantityParseError, parseQuantity, quantityValue } from '../../../src/k8s/quantity';
import type { APIServerConfigSpec } from '../../../src/resources/k8s/apiserver-config';
import type { ControllerManagerConfigSpec } from '../../../src/resources/k8s/controller-manager-config';
import type { SchedulerConfigSpec } from '../../../src/resources/k8s/scheduler-config';

const NO_RESOURCES = { requests: { cpu: '', memory: '' }, limits: {} };
const API: APIServerConfigSpec = {
  image: 'registry.k8s.io/kube-apiserver:v1.36.3',
  cloudProvider: '',
  controlPlaneEndpoint: 'https://10.5.0.2:6443',
  etcdServers: ['https://127.0.0.1:2379'],
  localPort: 6443,
  serviceCIDRs: ['10.96.0.0/12'],
  extraArgs: {},
  extraVolumes: [],
  environmentVariables: {},
  advertisedAddress: '$(POD_IP)',
  resources: NO_RESOURCES,
};
const VERSIONS = { secrets: '3', config: '1', configFiles: '1111' };

type Json = Record<string, unknown>;
const container = (pod: Json): Json => ((pod['spec'] as Json)['containers'] as Json[])[0] ?? {};
const command = (pod: Json): string[] => container(pod)['command'] as string[];

describe('quantities', () => {
  it('are written in canonical form', () => {
    const cases: Array<[string, string]> = [
      ['200m', '200m'],
      ['512Mi', '512Mi'],
      ['0.5', '500m'],
      ['1000m', '1'],
      ['1500m', '1500m'],
      ['2000', '2k'],
      ['1.5Gi', '1536Mi'],
      ['1024', '1024'],
      ['1Ki', '1Ki'],
      ['100Ki', '100Ki'],
      ['1e3', '1e3'],
      ['1G', '1G'],
      ['0.0000000001', '1n'],
      ['0', '0'],
    ];
    for (const [input, want] of cases) expect(canonicalize(input), input).toBe(want);
  });

  it('give their integer value rounded up, and reject junk', () => {
    expect(quantityValue(parseQuantity('1Gi'))).toBe(1073741824n);
    expect(quantityValue(parseQuantity('1500m'))).toBe(2n);
    for (const bad of ['', 'abc', '1Xi', '--1'])
      expect(() => parseQuantity(bad), bad).toThrow(expect.toSatisfy(isQuantityParseError) as Error);
  });
});

describe('args', () => {
  it('overwrite, add to comma lists without duplicates, deny, and render sorted', () => {
    const args = { b: ['1'], list: ['x,y'], secret: ['s'] };
    mergeArgs(args, { b: ['2', '3'], list: ['y', 'z, w'], a: ['0'] }, { list: 'additive' });
    expect(renderArgs(args)).toEqual(['--a=0', '--b=2', '--b=3', '--list=x,y,z,w', '--secret=s']);
    expect(() => mergeArgs(args, { secret: ['mine'] }, { secret: 'denied' })).toThrow(
      expect.toSatisfy(isExtraArgDeniedError) as Error,
    );
  });
});

describe('image versions', () => {
  it('read the tag tolerantly; anything else is the newest', () => {
    expect(versionFromImage('registry.k8s.io/kube-apiserver:v1.36.3')).toEqual({
      major: 1,
      minor: 36,
      patch: 3,
    });
    expect(versionFromImage('localhost:5000/kube-apiserver:v1.30.1@sha256:abc')).toEqual({
      major: 1,
      minor: 30,
      patch: 1,
    });
    expect(versionFromImage('localhost:5000/kube-apiserver')).toEqual({ major: 1, minor: 99, patch: 0 });
    expect(versionFromImage('x:1.28')).toEqual({ major: 1, minor: 28, patch: 0 });
  });
});

describe('kube-apiserver pod', () => {
  it('has Talos flags, mounts, annotations and labels', () => {
    const pod = apiServerPod(API, VERSIONS);
    expect(pod['metadata']).toEqual({
      name: 'kube-apiserver',
      namespace: 'kube-system',
      creationTimestamp: null,
      annotations: {
        'talos.dev/secrets-version': '3',
        'talos.dev/config-file-version': '1111',
        'talos.dev/config-version': '1',
      },
      labels: {
        tier: 'control-plane',
        'k8s-app': 'kube-apiserver',
        component: 'kube-apiserver',
        'app.kubernetes.io/name': 'kube-apiserver',
        'app.kubernetes.io/version': '1.36.3',
        'app.kubernetes.io/component': 'control-plane',
        'app.kubernetes.io/managed-by': 'Talos',
      },
    });
    const cmd = command(pod);
    expect(cmd[0]).toBe('/usr/local/bin/kube-apiserver');
    expect(cmd.slice(1)).toEqual([...cmd.slice(1)].sort());
    expect(cmd).toContain('--etcd-servers=https://127.0.0.1:2379');
    expect(cmd).toContain('--advertise-address=$(POD_IP)');
    expect(cmd).toContain(
      '--authorization-config=/system/config/kubernetes/kube-apiserver/authorization-config.yaml',
    );
    expect(cmd).toContain('--tls-cert-file=/system/secrets/kubernetes/kube-apiserver/apiserver.crt');
    expect(cmd).toContain('--secure-port=6443');
    expect(cmd.some((a) => a.startsWith('--authorization-mode'))).toBe(false);
    expect(container(pod)['resources']).toEqual({ requests: { cpu: '200m', memory: '512Mi' } });
    expect(container(pod)['volumeMounts']).toEqual([
      { name: 'secrets', mountPath: '/system/secrets/kubernetes/kube-apiserver', readOnly: true },
      { name: 'config', mountPath: '/system/config/kubernetes/kube-apiserver', readOnly: true },
      { name: 'audit', mountPath: '/var/log/audit/kube' },
    ]);
    expect(pod['spec']).toMatchObject({
      priority: 2000000000,
      priorityClassName: 'system-cluster-critical',
      hostNetwork: true,
      securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534 },
    });
  });

  it('merges extra args by policy, and falls back to authorization-mode when flags configure it', () => {
    const pod = apiServerPod(
      {
        ...API,
        extraArgs: {
          'enable-admission-plugins': { values: ['AlwaysPullImages,NodeRestriction'] },
          'authorization-mode': { values: ['Webhook'] },
        },
      },
      VERSIONS,
    );
    expect(command(pod)).toContain('--enable-admission-plugins=NodeRestriction,AlwaysPullImages');
    expect(command(pod)).toContain('--authorization-mode=Node,RBAC,Webhook');
    expect(command(pod).some((a) => a.startsWith('--authorization-config'))).toBe(false);
    expect(() =>
      apiServerPod({ ...API, extraArgs: { 'etcd-servers': { values: ['x'] } } }, VERSIONS),
    ).toThrow(expect.toSatisfy(isExtraArgDeniedError) as Error);
  });

  it('puts env sorted with $ escaped, limits, and GOMEMLIMIT at 95% of the memory limit', () => {
    const pod = apiServerPod(
      {
        ...API,
        environmentVariables: { Z: 'last', A: 'a$b' },
        resources: { requests: { cpu: '1', memory: '' }, limits: { memory: '1Gi' } },
        extraVolumes: [{ name: 'data', hostPath: '/data', mountPath: '/mnt', readOnly: false }],
      },
      VERSIONS,
    );
    expect(container(pod)['env']).toEqual([
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'A', value: 'a$$b' },
      { name: 'Z', value: 'last' },
      { name: 'GOMEMLIMIT', value: '1020054732' },
    ]);
    expect(container(pod)['resources']).toEqual({
      requests: { cpu: '1', memory: '512Mi' },
      limits: { memory: '1Gi' },
    });
    expect((pod['spec'] as Json)['volumes']).toContainEqual({ name: 'data', hostPath: { path: '/data' } });
  });
});

describe('controller-manager and scheduler pods', () => {
  it('kube-controller-manager has its flags, probes and defaults', () => {
    const cm: ControllerManagerConfigSpec = {
      enabled: true,
      image: 'registry.k8s.io/kube-controller-manager:v1.36.3',
      cloudProvider: 'external',
      podCIDRs: ['10.244.0.0/16'],
      serviceCIDRs: ['10.96.0.0/12'],
      extraArgs: { controllers: { values: ['-bootstrapsigner'] } },
      extraVolumes: [],
      environmentVariables: {},
      resources: NO_RESOURCES,
    };
    const pod = controllerManagerPod(cm, VERSIONS);
    const cmd = command(pod);
    expect(cmd.slice(0, 2)).toEqual([
      '/usr/local/bin/kube-controller-manager',
      '--use-service-account-credentials',
    ]);
    expect(cmd).toContain('--controllers=*,tokencleaner,-bootstrapsigner');
    expect(cmd).toContain('--cluster-cidr=10.244.0.0/16');
    // The cloud-provider flag is gone from Kubernetes 1.33.
    expect(cmd.some((a) => a.startsWith('--cloud-provider'))).toBe(false);
    expect(command(controllerManagerPod({ ...cm, image: 'kcm:v1.32.0' }, VERSIONS))).toContain(
      '--cloud-provider=external',
    );
    expect(container(pod)['startupProbe']).toEqual({
      httpGet: { path: '/healthz', host: 'localhost', port: 10257, scheme: 'HTTPS' },
      periodSeconds: 5,
      failureThreshold: 12,
    });
    expect(container(pod)['resources']).toEqual({ requests: { cpu: '50m', memory: '256Mi' } });
    expect((pod['metadata'] as Json)['annotations']).toEqual({
      'talos.dev/secrets-version': '3',
      'talos.dev/config-version': '1',
    });
  });

  it('kube-scheduler reads its rendered config and probes /livez and /readyz', () => {
    const s: SchedulerConfigSpec = {
      enabled: true,
      image: 'registry.k8s.io/kube-scheduler:v1.36.3',
      extraArgs: {},
      extraVolumes: [],
      environmentVariables: {},
      resources: NO_RESOURCES,
    };
    const pod = schedulerPod(s, VERSIONS);
    expect(command(pod)).toContain('--config=/system/config/kubernetes/kube-scheduler/scheduler-config.yaml');
    expect(container(pod)['readinessProbe']).toEqual({
      httpGet: { path: '/readyz', host: 'localhost', port: 10259, scheme: 'HTTPS' },
    });
    expect((container(pod)['livenessProbe'] as Json)['httpGet']).toMatchObject({ path: '/livez' });
    expect(container(pod)['resources']).toEqual({ requests: { cpu: '10m', memory: '64Mi' } });
    expect(() => schedulerPod({ ...s, extraArgs: { config: { values: ['/x'] } } }, VERSIONS)).toThrow(
      expect.toSatisfy(isExtraArgDeniedError) as Error,
    );
  });
});
