// machine.MachineService Version, ApplyConfiguration and Shutdown (Reboot: reboot-api.ts). The service's other methods
// are in the other files of this folder, registered together in index.ts.
import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { MachineConfig } from '../../../config';
import { ApiError } from '../../../grpc/errors';
import type * as machine from '../../../gen/api/machine';
import { implement, type Implementation, type UnaryHandler } from '../../../grpc/handler';
import { checkSupported, type Capability, type PlatformName } from '../platform';
import type { VersionInfo } from '../version-info';

export type ApplyMode = machine.ApplyConfigurationRequest_Mode;

export interface ApplyResult {
  mode: ApplyMode;
  modeDetails: string;
  warnings: string[];
}

/** What the machine service needs from machined to apply a config. */
export interface ConfigApplier {
  /** Validates and applies; throws ConfigValidationError for bad input. */
  apply(
    data: Buffer,
    mode: ApplyMode,
    dryRun: boolean,
    tryModeTimeout?: { seconds: string; nanos: number } | null,
  ): Promise<ApplyResult>;
  current(): MachineConfig | undefined;
}

/** Methods that only a platform owning the machine can serve; none run on the container platform. */
export function platformOnly<Req, Res>(
  platform: PlatformName,
  capability: Capability,
): UnaryHandler<Req, Res> {
  return () => {
    checkSupported(platform, capability);
    return Promise.reject(new ApiError(status.UNIMPLEMENTED, `the ${capability} sequence is not built yet`));
  };
}

/** What the platform does to reboot and to shut down (metal: the agent stops and the init acts). */
export interface PowerControl {
  reboot(): void;
  shutdown(): void;
}

/** Answers first, then acts: the client sees the reply before the node goes down, as on Talos. */
function shutdownAction<Req>(
  platform: PlatformName,
  power?: PowerControl,
): UnaryHandler<Req, machine.ShutdownResponseInit> {
  if (!power) return platformOnly(platform, 'shutdown');
  return () => {
    checkSupported(platform, 'shutdown');
    setTimeout(() => power.shutdown(), 100);
    return Promise.resolve({ messages: [{ actor_id: randomUUID() }] });
  };
}

export function machineApi(
  version: VersionInfo,
  applier: ConfigApplier,
  platform: PlatformName,
  power?: PowerControl,
): Implementation<'machine.MachineService'> {
  return implement('machine.MachineService', {
    Shutdown: shutdownAction(platform, power),

    Version: () =>
      Promise.resolve({
        messages: [
          {
            version: {
              tag: version.tag,
              sha: version.sha,
              built: version.built,
              go_version: version.runtime,
              os: version.os,
              arch: version.arch,
            },
            platform: { name: version.platform, mode: version.platformMode },
            features: { rbac: true },
          },
        ],
      }),

    ApplyConfiguration: async (req) => {
      const result = await applier.apply(req.data, req.mode, req.dry_run, req.try_mode_timeout);
      return {
        messages: [{ mode: result.mode, mode_details: result.modeDetails, warnings: result.warnings }],
      };
    },
  });
}
