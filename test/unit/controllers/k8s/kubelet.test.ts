// The kubelet pipeline: machine config → KubeletConfig → KubeletSpec (with a Nodename and MachineType
// written by the test), over MemoryState with the real controller runtime; plus protobuf round trips.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeletConfigController } from '../../../../controllers/k8s/kubelet-config';
import { KubeletSpecController, kubeletSpec } from '../../../../controllers/k8s/kubelet-spec';
import { parseMachineConfig } from '../../../../src/config';
import { apiSchema } from '../../../../src/grpc/api-schema';
import {
  MachineConfigDefinition,
  type MachineConfigSpec,
} from '../../../../src/resources/config/machine-config';
import { MachineTypeDefinition, type MachineTypeName } from '../../../../src/resources/config/machine-type';
import {
  KubeletConfigDefinition,
  type KubeletConfigSpec,
} from '../../../../src/resources/k8s/kubelet-config';
import { KubeletSpecDefinition, type KubeletSpecSpec } from '../../../../src/resources/k8s/kubelet-spec';
import { NodenameDefinition, type NodenameSpec } from '../../../../src/resources/k8s/nodename';
import { fromStruct } from '../../../../src/resources/k8s/struct';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/config/${name}.yaml`, import.meta.url), 'utf8');
const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: 'v1alpha1' };
const TYPE = { namespace: 'config', type: MachineTypeDefinition.type, id: 'machine-type' };
const NODENAME = { namespace: 'k8s', type: NodenameDefinition.type, id: 'nodename' };
const KCONFIG = { namespace: 'k8s', type: KubeletConfigDefinition.type, id: 'kubelet' };
const KSPEC = { namespace: 'k8s', type: KubeletSpecDefinition.type, id: 'kubelet' };

const withKubelet = (text: string, lines: string): string =>
  text.replace('    kubelet:\n', `    kubelet:\n${lines}`);

async function start(text: string, type: MachineTypeName): Promise<Harness> {
  const h = harness();
  h.runtime.register(new KubeletConfigController());
  h.runtime.register(new KubeletSpecController());
  h.start();
  await h.state.modify<MachineTypeName>(TYPE, () => type);
  await h.state.modify<NodenameSpec>(NODENAME, () => ({
    nodename: 'node-1',
    hostnameVersion: '1',
    skipNodeRegistration: false,
  }));
  const spec: MachineConfigSpec = { config: parseMachineConfig(text) };
  await h.state.modify<MachineConfigSpec>(CONFIG, () => spec);
  return h;
}

const get = <S>(h: Harness, p: typeof KSPEC) =>
  waitFor(async () => (await h.state.get<S>(p).catch(() => undefined))?.spec, p.type);

const roundTrip = (protoSpec: string | undefined, obj: Record<string, unknown>) => {
  const codec = apiSchema().codec(protoSpec ?? '');
  return codec.decode(codec.encode(obj)) as Record<string, unknown>;
};

describe('kubelet pipeline', () => {
  let h: Harness;
  afterEach(() => h.shutdown());

  it('derives the control-plane kubelet config and spec', async () => {
    h = await start(fixture('controlplane'), 'controlplane');
    const cfg = await get<KubeletConfigSpec>(h, KCONFIG);
    expect(cfg.clusterDNS).toEqual(['10.96.0.10']);
    expect(cfg.clusterDomain).toBe('cluster.local');
    const spec = await get<KubeletSpecSpec>(h, KSPEC);
    expect(spec.image).toBe(cfg.image);
    expect(spec.image).toMatch(/^ghcr\.io\/siderolabs\/kubelet:v1\./);
    expect(spec.expectedNodename).toBe('node-1');
    expect(spec.args).toEqual([
      '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubeconfig',
      '--cert-dir=/var/lib/kubelet/pki',
      '--config=/etc/kubernetes/kubelet.yaml',
      '--hostname-override=node-1',
      '--kubeconfig=/etc/kubernetes/kubeconfig-kubelet',
    ]);
    const c = spec.config;
    expect(c['apiVersion']).toBe('kubelet.config.k8s.io/v1beta1');
    expect(c['kind']).toBe('KubeletConfiguration');
    expect(c['clusterDNS']).toEqual(['10.96.0.10']);
    expect(c['clusterDomain']).toBe('cluster.local');
    expect(c['port']).toBe(10250);
    expect(c['rotateCertificates']).toBe(true);
    expect(c['protectKernelDefaults']).toBe(true);
    expect(c['registerWithTaints']).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    ]);
    expect(c['systemReserved']).toMatchObject({ memory: '512Mi' });

    const decoded = roundTrip(KubeletSpecDefinition.protoSpec, KubeletSpecDefinition.toProto?.(spec) ?? {});
    expect(decoded['args']).toEqual(spec.args);
    expect(decoded['expected_nodename']).toBe('node-1');
    expect(fromStruct(decoded['config'] as never)).toEqual(c);
    const decodedCfg = roundTrip(
      KubeletConfigDefinition.protoSpec,
      KubeletConfigDefinition.toProto?.(cfg) ?? {},
    );
    expect(decodedCfg['cluster_dns']).toEqual(['10.96.0.10']);
    expect(decodedCfg['cluster_domain']).toBe('cluster.local');
  });

  it('merges extraArgs and extraConfig on a worker', async () => {
    const text = withKubelet(
      fixture('worker'),
      '        extraArgs:\n            node-labels: a=b\n            hostname-override: custom\n' +
        '        extraConfig:\n            serializeImagePulls: true\n            clusterDNS: [1.2.3.4]\n',
    );
    h = await start(text, 'worker');
    const spec = await get<KubeletSpecSpec>(h, KSPEC);
    expect(spec.image).toBe('ghcr.io/siderolabs/kubelet:v1.36.3');
    expect(spec.args).toContain('--node-labels=a=b');
    expect(spec.args).toContain('--hostname-override=custom');
    expect(spec.expectedNodename).toBe('');
    expect(spec.config['serializeImagePulls']).toBe(true);
    expect(spec.config['clusterDNS']).toEqual(['1.2.3.4']);
    expect(spec.config['staticPodPath']).toBeUndefined();
    expect(spec.config['seccompDefault']).toBe(true);
    expect(spec.config['registerWithTaints']).toBeUndefined();
    const cfg = await get<KubeletConfigSpec>(h, KCONFIG);
    const decoded = roundTrip(
      KubeletConfigDefinition.protoSpec,
      KubeletConfigDefinition.toProto?.(cfg) ?? {},
    );
    expect(fromStruct(decoded['extra_config'] as never)).toEqual({
      serializeImagePulls: true,
      clusterDNS: ['1.2.3.4'],
    });
    expect(decoded['extra_args']).toMatchObject({ 'node-labels': { values: ['a=b'] } });
  });

  it('refuses protected extraConfig keys and denied extra args', async () => {
    h = await start(fixture('worker'), 'worker');
    const cfg = await get<KubeletConfigSpec>(h, KCONFIG);
    expect(() => kubeletSpec({ ...cfg, extraConfig: { port: 1 } }, 'worker', 'n', undefined)).toThrow(
      'field "port" can\'t be overridden',
    );
    const denied = { ...cfg, extraArgs: { config: { values: ['x'] } } };
    expect(() => kubeletSpec(denied, 'worker', 'n', undefined)).toThrow('extra arg "config" is not allowed');
  });
});
