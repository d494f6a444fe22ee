// The machine the metal agent owns, around machined's run: the installed system's volumes (STATE at
// /system/state opened and mounted before the config is read; EPHEMERAL at /var and the user volumes
// once a config is active) and released at the end, the installer, and the exit code that tells the
// init to reboot.
import type { Logger } from '../../log';
import { runCommand } from '../../install/command';
import { readDiskTable } from '../../blockdev/disk-table';
import { fastWipe } from '../../blockdev/wipe';
import { partitionDevice } from '../../install/disk-devices';
import { locateSystemDisk } from '../../install/system-volumes';
import { MetalVolumes } from './metal-volumes';
import { MetaStore } from '../../install/meta-store';
import { MetalInstaller } from './metal-install';
import { MetalUpgrader } from './metal-upgrade';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { planBootWipe, planMetalReset, type MetalResetPlan, type SystemDisk } from './metal-reset';
import { parseKernelParams } from '../../platform/metal';
import { readFile } from 'node:fs/promises';
import type { ResetRequest } from './reset';
import type { PowerControl } from './api/machine-api';
import { errorMessage } from '../../error-message';

/** The init reboots when the agent exits with this code (images/init/init.c). */
export const EXIT_REBOOT = 10;

export interface MetalSystem {
  readonly installer: MetalInstaller;
  readonly power: PowerControl;
  /** The system disk's volumes (STATE, EPHEMERAL, user volumes) and the manager behind them. */
  readonly volumes: MetalVolumes;
  /** Upgrades and rollbacks between the boot slots (an installed machine only). */
  readonly upgrader?: MetalUpgrader;
  /** The META keys: the partition's when the system disk has one, else in memory. */
  readonly meta: MetaStore;
  /** machined's reset on metal: checks the request, then wipes at release and reboots or powers off. */
  readonly reset: (req: ResetRequest) => () => void;
  /** Unmounts the volumes (after machined has stopped its services), then does a reset's wipes. */
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
  /** Where the kernel command line is read (default /proc/cmdline). */
  readonly cmdlinePath?: string;
  /** Settles once the boot's network is up (KMS keys wait for it). */
  readonly network?: () => Promise<void>;
}): Promise<MetalSystem> {
  let system = locateSystemDisk();
  // A wipe of the whole disk takes its partition table too: what is left is looked up again.
  if (await bootWipe(o.logger, o.cmdlinePath ?? '/proc/cmdline', system)) system = locateSystemDisk();
  const { partitions } = system;
  const meta = await loadMeta(partitions.get('META'), o.logger);
  const volumes = new MetalVolumes({
    run: runCommand,
    logger: o.logger,
    signal: o.signal,
    root: o.root,
    meta,
    systemDisk: system.disk,
    network: o.network,
  });
  try {
    await volumes.boot();
  } catch (e: unknown) {
    o.logger.error({ error: errorMessage(e) }, 'opening the system volumes failed');
  }
  const installed = system.disk !== undefined && partitions.has('BOOT');
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
    installed,
    requestReboot: () => power.reboot(),
  });
  const upgrader = partitions.has('BOOT')
    ? new MetalUpgrader({
        logger: o.logger,
        meta,
        bootDevice: partitions.get('BOOT'),
        run: runCommand,
        // EPHEMERAL is mounted at /var by the time a configured machine upgrades.
        workDir: installed ? join(o.root, 'var/tmp') : tmpdir(),
        reboot: () => power.reboot(),
        signal: o.signal,
      })
    : undefined;
  let wipes: MetalResetPlan | undefined;
  return {
    installer,
    power,
    volumes,
    meta,
    upgrader,
    reset: (req) => {
      const plan = planMetalReset(req, locateSystemDisk());
      return () => {
        wipes = plan;
        if (plan.reboot) power.reboot();
        else power.shutdown();
      };
    },
    exitCode: () => code,
    async release() {
      await volumes.release();
      if (wipes) await wipe(wipes, o.logger);
    },
  };
}

async function loadMeta(device: string | undefined, logger: Logger): Promise<MetaStore> {
  if (!device) return MetaStore.inMemory();
  try {
    const meta = await MetaStore.load(device);
    logger.info({ device, keys: meta.entries().length }, 'META loaded');
    return meta;
  } catch (e: unknown) {
    logger.error({ device, error: errorMessage(e) }, 'reading META failed');
    return MetaStore.inMemory();
  }
}

/**
 * The boot menu's reset entry: the volumes are wiped before anything mounts them, and the boot goes on
 * (Talos reboots first; booting on reaches the same maintenance mode one boot sooner).
 */
async function bootWipe(logger: Logger, cmdlinePath: string, system: SystemDisk): Promise<boolean> {
  try {
    const params = parseKernelParams(await readFile(cmdlinePath, 'utf8'));
    const plan = planBootWipe(params.raw.get('talos.experimental.wipe')?.[0], system);
    if (!plan) return false;
    await wipe(plan, logger);
    return true;
  } catch (e: unknown) {
    logger.error({ error: errorMessage(e) }, 'talos.experimental.wipe failed');
    return false;
  }
}

/** A reset's wipes: the partitions named, or whole disks (each partition's start and end, then the tables). */
async function wipe(plan: MetalResetPlan, logger: Logger): Promise<void> {
  const attempt = async (what: Record<string, string>, device: string) => {
    logger.info({ ...what, device }, 'wiping');
    await fastWipe(device).catch((e: unknown) =>
      logger.error({ device, error: errorMessage(e) }, 'wipe failed'),
    );
  };
  for (const p of plan.partitions) await attempt({ label: p.label }, p.device);
  for (const disk of plan.disks) {
    let numbers: number[] = [];
    try {
      numbers = readDiskTable(disk)?.partitions.map((p) => p.index) ?? [];
    } catch {
      // no readable table: the disk's own wipe below is all there is
    }
    for (const n of numbers) await attempt({ disk }, partitionDevice(disk, n));
    await attempt({ disk }, disk);
  }
  if (plan.partitions.length + plan.disks.length > 0) logger.info('reset: wipes done');
}
