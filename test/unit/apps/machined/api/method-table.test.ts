// Every method of proto/ that apid serves, and whether this node has an implementation for it. apid
// answers Unimplemented for the rest (after the role check). When a handler is added or removed, the
// table below must change with it: the test fails on any difference, in either direction.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { machinedApi } from '../../../../../src/apps/machined/api';
import { versionInfo } from '../../../../../src/apps/machined/version-info';
import { securityApi } from '../../../../../src/apps/trustd/security-api';
import { ControllerRuntime } from '../../../../../src/controller-runtime';
import { EventStream } from '../../../../../src/events/event-stream';
import { apiSchema } from '../../../../../src/grpc/api-schema';
import { MemoryState } from '../../../../../src/state';
import { LogSources } from '../../../../../src/system/logs';

type Status = 'implemented' | 'Unimplemented';

/** What apid on :50000 answers for each method (after authorization). */
const APID: Readonly<Record<string, Readonly<Record<string, Status>>>> = {
  'cluster.ClusterService': { HealthCheck: 'implemented' },
  'cosi.resource.State': {
    Create: 'implemented',
    Destroy: 'implemented',
    Get: 'implemented',
    List: 'implemented',
    Teardown: 'implemented',
    TeardownAndDestroy: 'implemented',
    Update: 'implemented',
    Watch: 'implemented',
  },
  'inspect.InspectService': { ControllerRuntimeDependencies: 'implemented' },
  'machine.DebugService': { ContainerRun: 'Unimplemented' },
  'machine.ImageService': {
    Import: 'implemented',
    List: 'implemented',
    Pull: 'implemented',
    Remove: 'implemented',
    Verify: 'implemented',
  },
  'machine.LifecycleService': { Install: 'implemented', Upgrade: 'implemented' },
  'machine.MachineService': {
    ApplyConfiguration: 'implemented',
    Bootstrap: 'implemented',
    CPUFreqStats: 'implemented',
    CPUInfo: 'implemented',
    Containers: 'implemented',
    Copy: 'implemented',
    DiskStats: 'implemented',
    DiskUsage: 'implemented',
    Dmesg: 'implemented',
    EtcdAlarmDisarm: 'implemented',
    EtcdAlarmList: 'implemented',
    EtcdDefragment: 'implemented',
    EtcdDowngradeCancel: 'implemented',
    EtcdDowngradeEnable: 'implemented',
    EtcdDowngradeValidate: 'implemented',
    EtcdForfeitLeadership: 'implemented',
    EtcdLeaveCluster: 'implemented',
    EtcdMemberList: 'implemented',
    EtcdRecover: 'implemented',
    EtcdRemoveMemberByID: 'implemented',
    EtcdSnapshot: 'implemented',
    EtcdStatus: 'implemented',
    Events: 'implemented',
    GenerateClientConfiguration: 'implemented',
    Hostname: 'implemented',
    ImageList: 'implemented',
    ImagePull: 'implemented',
    Kubeconfig: 'implemented',
    List: 'implemented',
    LoadAvg: 'implemented',
    Logs: 'implemented',
    LogsContainers: 'implemented',
    Memory: 'implemented',
    MetaDelete: 'implemented',
    MetaWrite: 'implemented',
    Mounts: 'implemented',
    Netstat: 'implemented',
    NetworkDeviceStats: 'implemented',
    PacketCapture: 'implemented',
    Processes: 'implemented',
    Read: 'implemented',
    Reboot: 'implemented',
    Reset: 'implemented',
    Restart: 'implemented',
    Rollback: 'implemented',
    ServiceList: 'implemented',
    ServiceRestart: 'implemented',
    ServiceStart: 'implemented',
    ServiceStop: 'implemented',
    Shutdown: 'implemented',
    Stats: 'implemented',
    SystemStat: 'implemented',
    Upgrade: 'implemented',
    Version: 'implemented',
  },
  // Served by trustd on :50001 (below), not by apid.
  'securityapi.SecurityService': { Certificate: 'Unimplemented' },
  'storage.StorageService': { BlockDeviceWipe: 'implemented', Disks: 'implemented' },
  'time.TimeService': { Time: 'implemented', TimeCheck: 'implemented' },
};

function machinedBackend() {
  const state = new MemoryState();
  const logger = pino({ level: 'silent' });
  return machinedApi({
    platform: 'container',
    version: versionInfo('container'),
    state,
    rootDir: '/nonexistent',
    applier: { apply: () => Promise.reject(new Error('not in this test')), current: () => undefined },
    config: () => undefined,
    logs: new LogSources(),
    events: new EventStream(),
    encode: (type, value) => apiSchema().encode(type, value),
    services: () => undefined,
    etcd: { state, rootDir: '/nonexistent', stopEtcd: () => Promise.resolve() },
    bootstrapEtcd: () => Promise.resolve(),
    prepareReset: () => () => Promise.resolve(),
    runtime: new ControllerRuntime(state, { logger }),
    run: () => Promise.reject(new Error('not in this test')),
    logger,
  });
}

describe('the API method table', () => {
  it('has an implementation in machined for exactly the methods listed as implemented', () => {
    const local = machinedBackend();
    const actual: Record<string, Record<string, Status>> = {};
    for (const m of apiSchema().methods) {
      (actual[m.service] ??= {})[m.method] = local.has(m.path) ? 'implemented' : 'Unimplemented';
    }
    expect(actual).toEqual(APID);
  });

  it('has trustd implement securityapi.SecurityService/Certificate, and nothing else', () => {
    const impl = securityApi(() => undefined, pino({ level: 'silent' }));
    expect(Object.keys(impl)).toEqual(['Certificate']);
  });
});
