// machine.MachineService: the methods built so far. The rest answer Unimplemented (readers)
// or PermissionDenied (everyone else) before they reach here.
import { status } from '@grpc/grpc-js';
import type { MachineConfig } from '../../../config';
import { ApiError } from '../../../grpc/errors';
import type { ServiceImplementation } from '../../../grpc/handler';
import { unary } from '../../../grpc/handler';
import { checkSupported, type Capability, type PlatformName } from '../platform';
import type { VersionInfo } from '../version-info';

export type ApplyMode = 'REBOOT' | 'AUTO' | 'NO_REBOOT' | 'STAGED' | 'TRY';

export interface ApplyRequest {
  data: Buffer;
  mode: ApplyMode;
  dry_run: boolean;
  try_mode_timeout?: { seconds: string; nanos: number } | null;
}

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

/** Methods that only a platform owning the machine can serve; none run on the container platform yet. */
function platformOnly(platform: PlatformName, capability: Capability) {
  return unary(() => {
    checkSupported(platform, capability);
    return Promise.reject(new ApiError(status.UNIMPLEMENTED, `the ${capability} sequence is not built yet`));
  });
}

export function machineService(
  version: VersionInfo,
  applier: ConfigApplier,
  platform: PlatformName,
): ServiceImplementation {
  return {
    Reboot: platformOnly(platform, 'reboot'),
    Shutdown: platformOnly(platform, 'shutdown'),
    Upgrade: platformOnly(platform, 'upgrade'),
    Rollback: platformOnly(platform, 'rollback'),
    MetaWrite: platformOnly(platform, 'metaKV'),
    MetaDelete: platformOnly(platform, 'metaKV'),

    Version: unary(() =>
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
    ),

    ApplyConfiguration: unary(async (req: ApplyRequest) => {
      const result = await applier.apply(req.data, req.mode, req.dry_run, req.try_mode_timeout);
      return {
        messages: [{ mode: result.mode, mode_details: result.modeDetails, warnings: result.warnings }],
      };
    }),
  };
}
