// machine.LifecycleService (Talos 1.13: `talosctl install`/`upgrade` through the image cache). In a
// container the host owns the disks and the boot, so both refuse with FailedPrecondition as Talos does.
// On metal, Upgrade is what talosctl 1.13's `upgrade` calls after pulling the image: the installer
// image's boot assets are written into the boot slot not in use, the steps streamed as progress
// messages and an exit code last; no reboot (talosctl asks for it next and follows it with --wait).
// Install (from maintenance mode) is not built yet: the apply of a config naming a disk installs.
import { status } from '@grpc/grpc-js';
import type { MachineConfig } from '../../../config';
import { ApiError } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import { registryMirrors } from '../../../install/installer-image';
import type { MetalUpgrader } from '../metal-upgrade';
import type { PlatformName } from '../platform';

export interface LifecycleApiOptions {
  readonly platform: PlatformName;
  /** Absent when the machine is not installed. */
  readonly upgrader?: MetalUpgrader;
  readonly config: () => MachineConfig | undefined;
}

const inContainer = (what: 'installation' | 'upgrade'): ApiError =>
  new ApiError(status.FAILED_PRECONDITION, `${what} is not supported in container mode`);

export function lifecycleApi(o: LifecycleApiOptions): Implementation<'machine.LifecycleService'> {
  let busy = false;
  return implement('machine.LifecycleService', {
    Install: () =>
      Promise.reject(
        o.platform === 'container'
          ? inContainer('installation')
          : new ApiError(
              status.UNIMPLEMENTED,
              'LifecycleService installation is not built yet (applying a config naming the install disk installs)',
            ),
      ),

    Upgrade: async (req, _ctx, send) => {
      if (o.platform === 'container') throw inContainer('upgrade');
      if (busy)
        throw new ApiError(status.FAILED_PRECONDITION, 'another installation/upgrade is already in progress');
      if (!o.upgrader?.installed) throw new ApiError(status.FAILED_PRECONDITION, 'machine is not installed');
      const image = req.source?.image_name ?? '';
      if (image === '') throw new ApiError(status.INVALID_ARGUMENT, 'installer image name is required');
      busy = true;
      try {
        const written = await o.upgrader.upgradeWithoutReboot(image, registryMirrors(o.config()), (message) =>
          send({ progress: { message } }),
        );
        await send({ progress: { exit_code: written ? 0 : 1 } });
      } catch (e: unknown) {
        // the image could not be had (Talos: its installer container could not start)
        if (e instanceof ApiError && e.code === status.UNKNOWN)
          throw new ApiError(status.INTERNAL, `upgrade failed: ${e.message}`);
        throw e;
      } finally {
        busy = false;
      }
    },
  });
}
