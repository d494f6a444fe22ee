// machined's API: every method implementation, registered by service on the in-process backend that
// apid hands local calls to. A method of proto/ that is not registered here answers Unimplemented
// (test/unit/apps/machined/api/method-table.test.ts lists which).
import type { ControllerRuntime } from '../../../controller-runtime';
import type { EtcdBootstrapper } from '../../../../services/etcd-bootstrap';
import type { EventStream } from '../../../events/event-stream';
import { LocalBackend } from '../../../grpc/local-backend';
import type { MessageEncoder } from '../../../grpc/resource-codec';
import type { CommandRunner } from '../../../install/command';
import type { MetaStore } from '../../../install/meta-store';
import type { Logger } from '../../../log';
import type { State } from '../../../state';
import type { ServiceControl } from '../../../system';
import { errorMessage } from '../../../error-message';
import type { LogSources } from '../../../system/logs';
import type { MachineConfig } from '../../../config';
import { NodeFileView } from '../../../files/node-view';
import type { MetalUpgrader } from '../metal-upgrade';
import type { PlatformName } from '../platform';
import type { ResetRequest } from '../reset';
import type { VersionInfo } from '../version-info';
import { clusterApi } from './cluster-api';
import { containersApi } from './containers-api';
import type { NodeRoute } from './node-calls';
import { dmesgApi } from './dmesg-api';
import { resourceApi } from './resource-api';
import { etcdLifecycleApi } from './etcd-lifecycle-api';
import { etcdApi, type EtcdApiOptions } from './etcd-api';
import { etcdDowngradeApi } from './etcd-downgrade-api';
import { eventsApi } from './events-api';
import { imageImportApi } from './image-import-api';
import { imageVerifyApi } from './image-verify-api';
import { imageListApi, imageServiceApi } from './images-api';
import { inspectApi } from './inspect-api';
import { kubeconfigApi } from './kubeconfig-api';
import { lifecycleApi } from './lifecycle-api';
import { clientConfigApi } from './client-config-api';
import { logsApi } from './logs-api';
import { machineApi, type ConfigApplier, type PowerControl } from './machine-api';
import { metaApi } from './meta-api';
import { packetCaptureApi } from './packet-capture-api';
import { filesApi } from './files-api';
import { monitoringApi } from './monitoring-api';
import { netstatApi } from './netstat-api';
import { processesApi } from './processes-api';
import { rebootApi } from './reboot-api';
import { resetApi } from './reset-api';
import { storageApi } from './storage-api';
import { supervisorApi } from './supervisor-api';
import { timeApi } from './time-api';
import { upgradeApi } from './upgrade-api';

export interface MachinedApiOptions {
  readonly platform: PlatformName;
  readonly version: VersionInfo;
  readonly state: State;
  /** The directory standing in for `/`. */
  readonly rootDir: string;
  /** Paths Read answers itself (on the container platform the boot id). */
  readonly virtualFiles?: ReadonlyMap<string, () => string>;
  /** What the file methods show as `/` (default rootDir; `/` in a node sandbox, whose root is the node's). */
  readonly fileRoot?: string;
  readonly applier: ConfigApplier;
  readonly config: () => MachineConfig | undefined;
  readonly power?: PowerControl;
  /** Runs the reboot sequence under the actor id (without it, Reboot is refused as the platform does). */
  readonly reboot?: (actorId: string) => Promise<void>;
  readonly meta?: MetaStore;
  readonly upgrader?: MetalUpgrader;
  /** Runs a prepared upgrade as the upgrade sequence under the actor id (without it, the step alone). */
  readonly upgradeSequence?: (actorId: string, upgrade: () => Promise<void>) => Promise<void>;
  readonly logs: LogSources;
  readonly events: EventStream;
  /** Encodes a protobuf message by type name (events' payloads, resources' specs). */
  readonly encode: MessageEncoder;
  readonly services: () => ServiceControl | undefined;
  readonly etcd: EtcdApiOptions;
  readonly bootstrapEtcd: EtcdBootstrapper;
  /** Checks a reset request (throwing the refusal) and returns the sequence to run under the actor id. */
  readonly prepareReset: (req: ResetRequest) => (actorId: string) => Promise<void>;
  readonly runtime: ControllerRuntime;
  /** apid's routing, for the calls this node makes to the cluster's nodes (HealthCheck). */
  readonly route?: () => NodeRoute | undefined;
  /** Runs the tools BlockDeviceWipe calls (wipefs, dd, sfdisk…). */
  readonly run: CommandRunner;
  readonly logger: Logger;
}

/** The backend holding machined's implementations; building it runs nothing. */
export function machinedApi(o: MachinedApiOptions): LocalBackend {
  const log = o.logger;
  return (
    new LocalBackend()
      .register('machine.MachineService', {
        ...machineApi(o.version, o.applier, o.platform, o.power),
        ...rebootApi(o.platform, o.reboot, (e: unknown) =>
          log.error({ error: errorMessage(e) }, 'reboot failed'),
        ),
        ...filesApi(new NodeFileView(o.fileRoot ?? o.rootDir), o.virtualFiles),
        ...monitoringApi(),
        ...processesApi(),
        ...netstatApi(o.rootDir),
        ...dmesgApi(),
        ...metaApi(o.platform, o.state, o.meta),
        ...upgradeApi({
          platform: o.platform,
          upgrader: o.upgrader,
          sequence: o.upgradeSequence,
          config: o.config,
          reboot: () => o.power?.reboot(),
          onError: (e: unknown) => log.error({ error: errorMessage(e) }, 'upgrade failed'),
        }),
        ...logsApi(o.logs),
        ...kubeconfigApi(o.state),
        ...clientConfigApi(o.state, o.config),
        ...eventsApi(o.events, o.encode),
        ...supervisorApi(o.services),
        ...containersApi({ rootDir: o.rootDir, logger: log }),
        ...imageListApi({ rootDir: o.rootDir, state: o.state }),
        ...packetCaptureApi(),
        ...etcdApi(o.etcd),
        ...etcdDowngradeApi(o.state),
        ...resetApi(o.prepareReset, (e: unknown) => log.error({ error: errorMessage(e) }, 'reset failed')),
        ...etcdLifecycleApi({
          state: o.state,
          rootDir: o.rootDir,
          bootstrap: o.bootstrapEtcd,
          logger: log,
        }),
      })
      .register('storage.StorageService', storageApi({ platform: o.platform, state: o.state, run: o.run }))
      .register('time.TimeService', timeApi({ config: o.config }))
      .register('cluster.ClusterService', clusterApi({ state: o.state, route: () => o.route?.() }))
      .register('inspect.InspectService', inspectApi(o.runtime))
      .register('machine.ImageService', {
        ...imageServiceApi({ rootDir: o.rootDir, state: o.state }),
        ...imageImportApi({ rootDir: o.rootDir, state: o.state }),
        ...imageVerifyApi(o.config),
      })
      .register(
        'machine.LifecycleService',
        lifecycleApi({ platform: o.platform, upgrader: o.upgrader, config: o.config }),
      )
      // DebugService.ContainerRun (debug-api.ts) is not registered: in test/integration the container runs
      // and exits but the call does not end (no exit code within 60 s); Unimplemented until fixed.
      .register('cosi.resource.State', resourceApi(o.state, o.encode))
  );
}
