// machine.LifecycleService (Talos 1.13: `talosctl install`/`upgrade` through the image cache). In a
// container the host owns the disks and the boot, so both refuse with FailedPrecondition as Talos does;
// on metal the older MachineService Upgrade does the upgrade and this service is not built yet.
import { status } from '@grpc/grpc-js';
import { ApiError } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import type { PlatformName } from '../platform';

function refuse(platform: PlatformName, what: 'installation' | 'upgrade'): Promise<never> {
  if (platform === 'container')
    return Promise.reject(
      new ApiError(status.FAILED_PRECONDITION, `${what} is not supported in container mode`),
    );
  return Promise.reject(
    new ApiError(
      status.UNIMPLEMENTED,
      `LifecycleService ${what} is not built yet (MachineService Upgrade is)`,
    ),
  );
}

export function lifecycleApi(platform: PlatformName): Implementation<'machine.LifecycleService'> {
  return implement('machine.LifecycleService', {
    Install: () => refuse(platform, 'installation'),
    Upgrade: () => refuse(platform, 'upgrade'),
  });
}
