// machined's API: every method implementation, registered by service on the in-process backend that
// apid hands local calls to. A method of proto/ that is not registered here answers Unimplemented
// (test/unit/apps/machined/api/method-table.test.ts lists which).
import type { ControllerRuntime } from '../../../controller-runtime';
import type { EtcdBootstrapper } from '../../../../services/etcd-bootstrap';
import type { EventStream } from '../../../events/event-stream';
import { LocalBackend } from '../../../grpc/local-backend';
import type { MessageEncoder } from '../../../grpc/resource-codec';
import type { MetaStore } from '../../../install/meta-store';
import type { Logger } from '../../../log';
import type { State } from '../../../state';
import type { ServiceControl } from '../../../system';
import { errorMessage } from '../../../system/health';
import type { LogSources } from '../../../system/logs';
import type { MachineConfig } from '../../../config';
import type { MetalUpgrader } from '../metal-upgrade';
import type { PlatformName } from '../platform';
import type { ResetRequest } from '../reset';
import type { VersionInfo } from '../version-info';
import { containersHandlers } from './containers-service';
import { cosiStateService } from './cosi-state';
import { etcdLifecycleHandlers } from './etcd-lifecycle-service';
import { etcdHandlers, type EtcdApiOptions } from './etcd-service';
import { eventsHandler } from './events-service';
import { inspectService } from './inspect-service';
import { kubeconfigHandler } from './kubeconfig-service';
import { clientConfigHandler } from './client-config-service';
import { logsHandlers } from './logs-service';
import { machineService, type ConfigApplier, type PowerControl } from './machine-service';
import { metaHandlers } from './meta-service';
import { readHandlers } from './read-service';
import { resetHandler } from './reset-service';
import { serviceHandlers } from './service-handlers';
import { upgradeHandlers } from './upgrade-service';

export interface MachinedApiOptions {
  readonly platform: PlatformName;
  readonly version: VersionInfo;
  readonly state: State;
  /** The directory standing in for `/`. */
  readonly rootDir: string;
  readonly applier: ConfigApplier;
  readonly config: () => MachineConfig | undefined;
  readonly power?: PowerControl;
  readonly meta?: MetaStore;
  readonly upgrader?: MetalUpgrader;
  readonly logs: LogSources;
  readonly events: EventStream;
  /** Encodes a protobuf message by type name (events' payloads, resources' specs). */
  readonly encode: MessageEncoder;
  readonly services: () => ServiceControl | undefined;
  readonly etcd: EtcdApiOptions;
  readonly bootstrapEtcd: EtcdBootstrapper;
  /** Checks a reset request (throwing the refusal) and returns the sequence to run. */
  readonly prepareReset: (req: ResetRequest) => () => Promise<void>;
  readonly runtime: ControllerRuntime;
  readonly logger: Logger;
}

/** The backend holding machined's implementations; building it runs nothing. */
export function machinedApi(o: MachinedApiOptions): LocalBackend {
  const log = o.logger;
  return new LocalBackend()
    .register('machine.MachineService', {
      ...machineService(o.version, o.applier, o.platform, o.power),
      ...readHandlers(o.rootDir),
      ...metaHandlers(o.platform, o.state, o.meta),
      ...upgradeHandlers({
        platform: o.platform,
        upgrader: o.upgrader,
        config: o.config,
        reboot: () => o.power?.reboot(),
        onError: (e: unknown) => log.error({ error: errorMessage(e) }, 'upgrade failed'),
      }),
      ...logsHandlers(o.logs),
      ...kubeconfigHandler(o.state),
      ...clientConfigHandler(o.state, o.config),
      ...eventsHandler(o.events, o.encode),
      ...serviceHandlers(o.services),
      ...containersHandlers({ rootDir: o.rootDir, logger: log }),
      ...etcdHandlers(o.etcd),
      ...resetHandler(o.prepareReset, (e: unknown) => log.error({ error: errorMessage(e) }, 'reset failed')),
      ...etcdLifecycleHandlers({
        state: o.state,
        rootDir: o.rootDir,
        bootstrap: o.bootstrapEtcd,
        logger: log,
      }),
    })
    .register('inspect.InspectService', inspectService(o.runtime))
    .register('cosi.resource.State', cosiStateService(o.state, o.encode));
}
