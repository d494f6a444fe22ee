// What the platform lets the machine do. In a container the host owns power, boot and disks,
// so those methods answer FailedPrecondition, as on Talos. On metal the agent owns the machine: it
// reboots and shuts down (through the init), keeps META, upgrades and rolls back between boot slots.
import { status } from '@grpc/grpc-js';
import { ApiError } from '../../grpc/errors';

export type Capability = 'reboot' | 'rollback' | 'shutdown' | 'upgrade' | 'metaKV';
export type PlatformName = 'container' | 'metal';

const CAPABILITIES: Readonly<Record<PlatformName, ReadonlySet<Capability>>> = {
  container: new Set(),
  metal: new Set<Capability>(['reboot', 'shutdown', 'metaKV', 'upgrade', 'rollback']),
};

export function checkSupported(platform: PlatformName, capability: Capability): void {
  if (!CAPABILITIES[platform].has(capability)) {
    throw new ApiError(status.FAILED_PRECONDITION, `method is not supported in ${platform} mode`);
  }
}
