// The control-plane config resources encode to Talos's protobuf specs (round trip through the API
// schema) and to Talos's YAML shapes, and declare what Talos declares.
import { describe, expect, it } from 'vitest';
import { apiSchema } from '../../../../src/grpc/api-schema';
import type { ResourceDefinition } from '../../../../src/resources/definition';
import { AdmissionControlConfigDefinition } from '../../../../src/resources/k8s/admission-control-config';
import {
  APIServerConfigDefinition,
  type APIServerConfigSpec,
} from '../../../../src/resources/k8s/apiserver-config';
import { AuditPolicyConfigDefinition } from '../../../../src/resources/k8s/audit-policy-config';
import { AuthorizationConfigDefinition } from '../../../../src/resources/k8s/authorization-config';
import { ConfigStatusDefinition } from '../../../../src/resources/k8s/config-status';
import {
  ControllerManagerConfigDefinition,
  type ControllerManagerConfigSpec,
} from '../../../../src/resources/k8s/controller-manager-config';
import {
  SchedulerConfigDefinition,
  type SchedulerConfigSpec,
} from '../../../../src/resources/k8s/scheduler-config';
import { fromStruct } from '../../../../src/resources/k8s/struct';
import { findResourceDefinition } from '../../../../src/resources/registry';

function roundTrip<S>(def: ResourceDefinition<S>, spec: S): Record<string, unknown> {
  const codec = apiSchema().codec(def.protoSpec ?? '');
  const proto = def.toProto ? def.toProto(spec) : (spec as Record<string, unknown>);
  return codec.decode(codec.encode(proto)) as Record<string, unknown>;
}

const VOLUME = { name: 'var-lib-x', hostPath: '/var/lib/x', mountPath: '/var/lib/x', readOnly: true };
const RESOURCES = { requests: { memory: '1Gi', cpu: '' }, limits: { memory: '2Gi' } };

const API: APIServerConfigSpec = {
  image: 'registry.k8s.io/kube-apiserver:v1.36.3',
  cloudProvider: 'external',
  controlPlaneEndpoint: 'https://10.5.0.2:6443',
  etcdServers: ['https://127.0.0.1:2379'],
  localPort: 6443,
  serviceCIDRs: ['10.96.0.0/12'],
  extraArgs: { 'feature-gates': { values: ['A=true'] }, audit: { values: ['x', 'y'] } },
  extraVolumes: [VOLUME],
  environmentVariables: { B: '2', A: '1' },
  advertisedAddress: '$(POD_IP)',
  resources: RESOURCES,
};

const CM: ControllerManagerConfigSpec = {
  enabled: true,
  image: 'cm',
  cloudProvider: '',
  podCIDRs: ['10.244.0.0/16'],
  serviceCIDRs: ['10.96.0.0/12'],
  extraArgs: {},
  extraVolumes: [],
  environmentVariables: {},
  resources: { requests: { cpu: '', memory: '' }, limits: {} },
};

const SCHED: SchedulerConfigSpec = {
  enabled: false,
  image: 'sched',
  extraArgs: {},
  extraVolumes: [],
  environmentVariables: {},
  resources: { requests: { cpu: '10m', memory: '' }, limits: {} },
  config: { profiles: [{ schedulerName: 'default-scheduler' }], parallelism: 4 },
};

describe('control-plane config resource encoding', () => {
  it('APIServerConfig carries every field with Talos protobuf numbers', () => {
    expect(roundTrip(APIServerConfigDefinition, API)).toEqual({
      image: API.image,
      cloud_provider: 'external',
      control_plane_endpoint: API.controlPlaneEndpoint,
      etcd_servers: API.etcdServers,
      local_port: '6443',
      service_cid_rs: API.serviceCIDRs,
      extra_args: { 'feature-gates': { values: ['A=true'] }, audit: { values: ['x', 'y'] } },
      extra_volumes: [
        { name: 'var-lib-x', host_path: '/var/lib/x', mount_path: '/var/lib/x', read_only: true },
      ],
      environment_variables: { A: '1', B: '2' },
      advertised_address: '$(POD_IP)',
      resources: { requests: { memory: '1Gi', cpu: '' }, limits: { memory: '2Gi' } },
    });
  });

  it('APIServerConfig YAML has Talos field names and order, maps sorted', () => {
    const yaml = APIServerConfigDefinition.toYAML?.(API) as Record<string, unknown>;
    expect(Object.keys(yaml)).toEqual([
      'image',
      'cloudProvider',
      'controlPlaneEndpoint',
      'etcdServers',
      'localPort',
      'serviceCIDR',
      'extraArgs',
      'extraVolumes',
      'environmentVariables',
      'advertisedAddress',
      'resources',
    ]);
    expect(Object.keys(yaml['extraArgs'] as object)).toEqual(['audit', 'feature-gates']);
    expect(Object.keys(yaml['environmentVariables'] as object)).toEqual(['A', 'B']);
    expect(yaml['extraVolumes']).toEqual([
      { name: 'var-lib-x', hostPath: '/var/lib/x', mountPath: '/var/lib/x', readonly: true },
    ]);
    expect(yaml['resources']).toEqual({ requests: { cpu: '', memory: '1Gi' }, limits: { memory: '2Gi' } });
  });

  it('ControllerManagerConfig and SchedulerConfig round trip', () => {
    expect(roundTrip(ControllerManagerConfigDefinition, CM)).toMatchObject({
      enabled: true,
      image: 'cm',
      pod_cid_rs: ['10.244.0.0/16'],
      service_cid_rs: ['10.96.0.0/12'],
    });
    const s = roundTrip(SchedulerConfigDefinition, SCHED);
    expect(s).toMatchObject({ image: 'sched', resources: { requests: { cpu: '10m', memory: '' } } });
    expect(s['enabled'] ?? false).toBe(false);
    expect(fromStruct(s['config'] as never)).toEqual(SCHED.config);
    expect(SchedulerConfigDefinition.toYAML?.({ ...SCHED, config: undefined })).toMatchObject({
      config: {},
      environmentVariables: {},
      extraVolumes: [],
    });
  });

  it('AdmissionControlConfig, AuditPolicyConfig and AuthorizationConfig carry structs', () => {
    const plugin = {
      name: 'PodSecurity',
      configuration: { kind: 'PodSecurityConfiguration', defaults: { enforce: 'baseline' } },
    };
    const a = roundTrip(AdmissionControlConfigDefinition, { config: [plugin, { name: 'Bare' }] });
    const plugins = a['config'] as Array<{ name: string; configuration?: never }>;
    expect(plugins.map((p) => p.name)).toEqual(['PodSecurity', 'Bare']);
    expect(fromStruct(plugins[0]?.configuration)).toEqual(plugin.configuration);

    const policy = { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'Metadata' }] };
    expect(fromStruct(roundTrip(AuditPolicyConfigDefinition, { config: policy })['config'] as never)).toEqual(
      policy,
    );

    const authz = roundTrip(AuthorizationConfigDefinition, {
      image: 'img',
      config: [
        { type: 'Node', name: 'node' },
        { type: 'Webhook', name: 'w', webhook: { timeout: '3s' } },
      ],
    });
    expect(authz['image']).toBe('img');
    const authorizers = authz['config'] as Array<{ type: string; name: string; webhook?: never }>;
    expect(authorizers.map((x) => [x.type, x.name])).toEqual([
      ['Node', 'node'],
      ['Webhook', 'w'],
    ]);
    expect(fromStruct(authorizers[1]?.webhook)).toEqual({ timeout: '3s' });
  });

  it('ConfigStatus round trips', () => {
    expect(roundTrip(ConfigStatusDefinition, { ready: true, version: '1112' })).toEqual({
      ready: true,
      version: '1112',
    });
  });

  it('declares what Talos declares and is registered', () => {
    const expected: Array<
      [Pick<ResourceDefinition, 'type' | 'defaultNamespace' | 'sensitive'>, string, boolean]
    > = [
      [APIServerConfigDefinition, 'APIServerConfigs.kubernetes.talos.dev', true],
      [AdmissionControlConfigDefinition, 'AdmissionControlConfigs.kubernetes.talos.dev', false],
      [AuditPolicyConfigDefinition, 'AuditPolicyConfigs.kubernetes.talos.dev', true],
      [AuthorizationConfigDefinition, 'AuthorizationConfigs.kubernetes.talos.dev', true],
      [ControllerManagerConfigDefinition, 'ControllerManagerConfigs.kubernetes.talos.dev', false],
      [SchedulerConfigDefinition, 'SchedulerConfigs.kubernetes.talos.dev', false],
      [ConfigStatusDefinition, 'ConfigStatuses.kubernetes.talos.dev', false],
    ];
    for (const [def, type, sensitive] of expected) {
      expect(def.type).toBe(type);
      expect(def.defaultNamespace).toBe('controlplane');
      expect(def.sensitive === true, type).toBe(sensitive);
      expect(findResourceDefinition(type)).toBe(def);
    }
    expect(ConfigStatusDefinition.printColumns).toEqual([
      { name: 'Ready', jsonPath: '{.ready}' },
      { name: 'Secrets Version', jsonPath: '{.version}' },
    ]);
  });
});
