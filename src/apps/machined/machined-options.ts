// What machined is given: the platform, where its state lives, the address it listens on, its loggers,
// and on metal the parts of the machine it drives (META, boot slots, power, installer, reset, volumes).
import type { MachineConfig } from '../../config';
import type { LogSources } from '../../system/logs';
import type { ApiSchema } from '../../grpc/api-schema';
import type { Logger } from '../../log';
import type { PlatformName } from './platform';
import type { ResetRequest } from './reset';
import type { PowerControl } from './api/machine-api';
import type { MetalUpgrader } from './metal-upgrade';
import type { MetaStore } from '../../install/meta-store';
import type { NetworkSources } from '../../network/layers/config-controller';
import type { VolumeEvent } from '../../volumes/volume-manager';

export interface MachinedOptions {
  readonly platform: PlatformName;
  readonly stateDir: string;
  /** Where the machine config and the node id are kept (default: stateDir). */
  readonly persistDir?: string;
  /** On metal: the config from `talos.config=`, used when none is persisted (as if applied). */
  readonly initialConfig?: Buffer;
  /** On metal: the META keys (the partition's, or in memory when there is none). */
  readonly meta?: MetaStore;
  /** On an installed metal machine: upgrades and rollbacks between the boot slots. */
  readonly upgrader?: MetalUpgrader;
  /** On metal: reboot and power off (the agent stops, the init acts). */
  readonly power?: PowerControl;
  /** On metal: checks a config's install disk before it is saved, and installs once it is active. */
  readonly installer?: {
    check(cfg: MachineConfig): Promise<void>;
    needsInstall(cfg: MachineConfig): boolean;
    /** True when installed (a reboot follows); false when it failed and the node runs from memory. */
    install(cfg: MachineConfig): Promise<boolean>;
  };
  /**
   * On metal: checks a reset request (throwing the refusal) and returns the step that stops the agent,
   * has the disks wiped once the services are down and the volumes unmounted, and reboots or powers off.
   */
  readonly machineReset?: (req: ResetRequest) => () => void;
  /**
   * On metal: the machine's volumes. Their configs, statuses and mounts become resources; a config is
   * checked against them before it is saved, and once active EPHEMERAL and the user volumes follow it
   * (configured services start only with EPHEMERAL mounted).
   */
  readonly volumes?: {
    subscribe(listener: (e: VolumeEvent) => void): () => void;
    check(cfg: MachineConfig): Promise<void>;
    /** Answers whether the configured services may start (EPHEMERAL mounted, when installed). */
    configure(cfg: MachineConfig): Promise<boolean>;
  };
  /** The address apid (ADDR:50000) and trustd (ADDR:50001) bind. */
  readonly listen: string;
  readonly schema: ApiSchema;
  readonly logger: Logger;
  /** The node's log sources, served by MachineService Logs (empty when not given). */
  readonly logSources?: LogSources;
  /** The controller runtime's logger, writing into the `controller-runtime` source (`logger` when not given). */
  readonly controllerLogger?: Logger;
  /** The logger of an in-process service (apid, trustd), writing into its own log source. */
  readonly serviceLogger?: (id: string) => Logger;
  /** Network configuration from outside the machine config (on metal: the kernel command line). */
  readonly networkSources?: NetworkSources;
  /** false: no system services (containerd); only the image build's `preload` run wants that. */
  readonly systemServices?: boolean;
}
