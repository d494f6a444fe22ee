// runtime.MachineStatusController and runtime.VersionController over MemoryState: the stage follows
// machined's lifecycle; while booting or running, readiness follows the network, the services (the
// kubelet on every node, etcd and trustd on control planes) and the static pods.
import { afterEach, describe, expect, it } from 'vitest';
import { MachineStages } from '../../../../src/events/machine-stages';
import { MachineStatusController } from '../../../../controllers/runtime/machine-status';
import { VersionController } from '../../../../controllers/runtime/version';
import {
  StaticPodStatusDefinition,
  type StaticPodStatusSpec,
} from '../../../../src/resources/k8s/static-pod-status';
import {
  MachineStatusDefinition,
  type MachineStatusSpec,
} from '../../../../src/resources/runtime/machine-status';
import { VersionDefinition, type VersionSpec } from '../../../../src/resources/runtime/version';
import {
  NetworkStatusDefinition,
  type NetworkStatusSpec,
} from '../../../../src/resources/network/network-status';
import { ServiceDefinition, type ServiceSpec } from '../../../../src/resources/v1alpha1/service';
import { MachineTypeDefinition, type MachineTypeName } from '../../../../src/resources/config/machine-type';
import { apiSchema } from '../../../../src/grpc/api-schema';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

const STATUS = { namespace: 'runtime', type: MachineStatusDefinition.type, id: 'machine' };
const VERSION = { namespace: 'runtime', type: VersionDefinition.type, id: 'version' };
const pod = (id: string) => ({ namespace: 'k8s', type: StaticPodStatusDefinition.type, id });
const service = (id: string) => ({ namespace: 'runtime', type: ServiceDefinition.type, id });
const NETWORK = { namespace: 'network', type: NetworkStatusDefinition.type, id: 'status' };
const MACHINE_TYPE = { namespace: 'config', type: MachineTypeDefinition.type, id: 'machine-type' };
const NETWORK_READY: NetworkStatusSpec = {
  addressReady: true,
  connectivityReady: true,
  hostnameReady: true,
  etcFilesReady: true,
};
const HEALTHY: ServiceSpec = { running: true, healthy: true, unknown: false };

const running = (ready: 'True' | 'False') => ({
  phase: 'Running',
  conditions: [
    { type: 'Initialized', status: 'True' },
    { type: 'Ready', status: ready },
  ],
});

describe('runtime.MachineStatusController', () => {
  let h: Harness;
  let stages: MachineStages;
  afterEach(() => h.shutdown());

  /** A worker whose network is ready and whose apid, machined and kubelet run healthy. */
  const start = async (initial: MachineStatusSpec['stage'] = 'booting', worker = true) => {
    stages = new MachineStages(initial);
    h = harness();
    if (worker) {
      await h.state.modify<MachineTypeName>(MACHINE_TYPE, () => 'worker');
      await h.state.modify<NetworkStatusSpec>(NETWORK, () => NETWORK_READY);
      for (const id of ['apid', 'kubelet', 'machined'])
        await h.state.modify<ServiceSpec>(service(id), () => HEALTHY);
    }
    h.runtime.register(new MachineStatusController({ stages }));
    h.runtime.register(new VersionController({ version: 'v1.13.9' }));
    h.start();
  };

  const statusWhere = (ok: (s: MachineStatusSpec) => boolean) =>
    waitFor(async () => {
      const r = await h.state.get<MachineStatusSpec>(STATUS).catch(() => undefined);
      return r && ok(r.spec) ? r.spec : undefined;
    }, 'MachineStatuses');

  it('follows the stage: booting → maintenance → running', async () => {
    await start();
    expect(await statusWhere((s) => s.stage === 'booting')).toEqual({
      stage: 'booting',
      status: { ready: true, unmetConditions: [] },
    });
    stages.set('maintenance');
    expect((await statusWhere((s) => s.stage === 'maintenance')).status.ready).toBe(true);
    stages.set('running');
    await statusWhere((s) => s.stage === 'running' && s.status.ready);
    await waitFor(() => h.logs().some((l) => l.msg === 'machine is running and ready'), 'ready log');
  });

  it('is not ready while a static pod is pending, failing or not Ready', async () => {
    await start('running');
    await statusWhere((s) => s.status.ready);
    await h.state.modify<StaticPodStatusSpec>(pod('kube-system/kube-apiserver-cp-1'), () => ({
      podStatus: { phase: 'Pending' },
    }));
    await h.state.modify<StaticPodStatusSpec>(pod('kube-system/kube-scheduler-cp-1'), () => ({
      podStatus: running('False'),
    }));
    await h.state.modify<StaticPodStatusSpec>(pod('kube-system/kube-controller-manager-cp-1'), () => ({
      podStatus: running('True'),
    }));
    const status = await statusWhere(
      (s) => !s.status.ready && (s.status.unmetConditions[0]?.reason.includes(',') ?? false),
    );
    expect(status.status.unmetConditions).toEqual([
      {
        name: 'staticPods',
        reason: 'kube-system/kube-apiserver-cp-1 pending, kube-system/kube-scheduler-cp-1 not ready',
      },
    ]);
    // maintenance has no readiness conditions
    stages.set('maintenance');
    expect((await statusWhere((s) => s.stage === 'maintenance')).status).toEqual({
      ready: true,
      unmetConditions: [],
    });
    stages.set('running');
    await statusWhere((s) => s.stage === 'running' && !s.status.ready);
    await h.state.modify<StaticPodStatusSpec>(pod('kube-system/kube-apiserver-cp-1'), () => ({
      podStatus: running('True'),
    }));
    await h.state.modify<StaticPodStatusSpec>(pod('kube-system/kube-scheduler-cp-1'), () => ({
      podStatus: { phase: 'Succeeded' },
    }));
    await statusWhere((s) => s.status.ready);
    expect(h.logs().filter((l) => l.msg === 'machine is running and ready')).toHaveLength(1);
  });

  it('a worker without a kubelet running is not ready; a control plane needs etcd and trustd too', async () => {
    await start('running');
    await statusWhere((s) => s.status.ready);
    await h.state.destroy(service('kubelet'));
    expect((await statusWhere((s) => !s.status.ready)).status.unmetConditions).toEqual([
      { name: 'services', reason: 'kubelet not running' },
    ]);
    await h.state.modify<ServiceSpec>(service('kubelet'), () => ({
      running: true,
      healthy: false,
      unknown: false,
    }));
    await statusWhere((s) => s.status.unmetConditions[0]?.reason === 'kubelet not healthy');
    // health unknown counts as healthy, as on Talos
    await h.state.modify<ServiceSpec>(service('kubelet'), () => ({
      running: true,
      healthy: false,
      unknown: true,
    }));
    await statusWhere((s) => s.status.ready);
    await h.state.modify<MachineTypeName>(MACHINE_TYPE, () => 'controlplane');
    expect((await statusWhere((s) => !s.status.ready)).status.unmetConditions).toEqual([
      { name: 'services', reason: 'etcd not running, trustd not running' },
    ]);
    for (const id of ['etcd', 'trustd']) await h.state.modify<ServiceSpec>(service(id), () => HEALTHY);
    await statusWhere((s) => s.status.ready);
  });

  it('lists the network parts not ready, and every condition of a node with nothing yet', async () => {
    await start('booting', false);
    expect((await statusWhere((s) => !s.status.ready)).status.unmetConditions).toEqual([
      {
        name: 'network',
        reason: "resource NetworkStatuses.net.talos.dev(network/status@undefined) doesn't exist",
      },
      { name: 'services', reason: 'apid not running, machined not running, kubelet not running' },
    ]);
    await h.state.modify<NetworkStatusSpec>(NETWORK, () => ({
      ...NETWORK_READY,
      connectivityReady: false,
      hostnameReady: false,
    }));
    await statusWhere((s) => s.status.unmetConditions[0]?.reason === 'waiting on: connectivity, hostname');
  });

  it('encodes the stage as Talos’s enum', () => {
    const codec = apiSchema().codec(MachineStatusDefinition.protoSpec ?? '');
    const spec: MachineStatusSpec = {
      stage: 'running',
      status: { ready: false, unmetConditions: [{ name: 'staticPods', reason: 'x pending' }] },
    };
    expect(codec.decode(codec.encode(MachineStatusDefinition.toProto!(spec)))).toMatchObject({
      stage: 'MACHINE_STAGE_RUNNING',
      status: { unmet_conditions: [{ name: 'staticPods', reason: 'x pending' }] },
    });
  });
});

describe('runtime.VersionController', () => {
  it('reports the release it was given', async () => {
    const h = harness();
    h.runtime.register(new VersionController({ version: 'v1.13.9' }));
    h.start();
    const v = await waitFor(() => h.state.get<VersionSpec>(VERSION).catch(() => undefined), 'Versions');
    expect(v.spec).toEqual({ version: 'v1.13.9', name: 'Talos' });
    expect(v.metadata.owner).toBe('runtime.VersionController');
    await h.shutdown();
  });
});
