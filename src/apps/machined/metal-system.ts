// The machine the metal agent owns, around machined's run: the installed system's volumes (STATE at
// /system/state, EPHEMERAL at /var) mounted before the config is read and released at the end, the
// installer, and the exit code that tells the init to reboot.
import type { Logger } from '../../log';
import { runCommand } from '../../install/command';
import { mountSystemVolumes, type SystemVolume } from '../../install/system-volumes';
import { MetalInstaller } from './metal-install';
import type { PowerControl } from './server/machine-service';

/** The init reboots when the agent exits with this code (images/init/init.c). */
export const EXIT_REBOOT = 10;

export interface MetalSystem {
  readonly installer: MetalInstaller;
  readonly power: PowerControl;
  readonly volumes: readonly SystemVolume[];
  /** Unmounts the volumes (after machined has stopped its services). */
  release(): Promise<void>;
  exitCode(): number;
}

export async function metalSystem(o: {
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** The root directory (`/` in the image). */
  readonly root: string;
  /** Stops the agent (machined drains its services first). */
  readonly stop: () => void;
}): Promise<MetalSystem> {
  let volumes: SystemVolume[] = [];
  try {
    volumes = await mountSystemVolumes({ run: runCommand, signal: o.signal, root: o.root });
  } catch (e: unknown) {
    o.logger.error(
      { error: e instanceof Error ? e.message : String(e) },
      'mounting the system volumes failed',
    );
  }
  for (const v of volumes) o.logger.info({ device: v.device, path: v.mountPoint }, `mounted ${v.label}`);
  let code = 0;
  const power: PowerControl = {
    reboot: () => {
      o.logger.info('rebooting');
      code = EXIT_REBOOT;
      o.stop();
    },
    shutdown: () => {
      o.logger.info('shutting down');
      code = 0;
      o.stop();
    },
  };
  const installer = new MetalInstaller({
    logger: o.logger,
    signal: o.signal,
    installed: volumes.some((v) => v.label === 'STATE'),
    requestReboot: () => power.reboot(),
  });
  return {
    installer,
    power,
    volumes,
    exitCode: () => code,
    async release() {
      for (const v of [...volumes].reverse()) {
        await runCommand('umount', [v.mountPoint], AbortSignal.timeout(30_000)).catch((e: unknown) =>
          o.logger.warn(
            { path: v.mountPoint, error: e instanceof Error ? e.message : String(e) },
            'unmount failed',
          ),
        );
      }
    },
  };
}
