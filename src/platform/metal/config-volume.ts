// `talos.config=metal-iso`: the machine config is config.yaml at the root of a volume labelled metal-iso
// (an ISO in a CD drive, a USB stick's FAT partition, a small disk), as Talos reads it. The volume is
// looked for until it shows up, mounted read-only, read, and unmounted.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fsLabel, type LabelledFs } from '../../blockdev/fs-label';
import { blockDevices, mountReadOnly, type BlockDeviceDirs } from '../../install/block-devices';
import { loadModule, runCommand, type CommandRunner } from '../../install/command';
import type { Logger } from '../../log';
import { errorMessage } from '../../error-message';
import { sleep } from './links';

export const METAL_ISO_LABEL = 'metal-iso';
const CONFIG_FILE = 'config.yaml';

export interface ConfigVolumeOptions extends BlockDeviceDirs {
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly run?: CommandRunner;
  /** The pause between looks for the volume (default 1000 ms). */
  readonly retryMs?: number;
}

/** config.yaml from the volume labelled metal-iso, waiting for the volume until the signal fires. */
export async function readConfigFromVolume(o: ConfigVolumeOptions): Promise<Buffer> {
  const run = o.run ?? runCommand;
  // A CD drive shows up once its driver is in; the init's coldplug loads the controller's only.
  await loadModule(run, 'sr_mod', o.signal);
  for (let attempt = 1; ; attempt++) {
    for (const device of await blockDevices({ ...o, partitions: true })) {
      const fs = await fsLabel(device);
      if (fs?.label.toLowerCase() !== METAL_ISO_LABEL) continue;
      const config = await readConfigFile(device, fs.type, run, o);
      if (config) {
        o.logger.info({ device, filesystem: fs.type }, 'read machine config from volume');
        return config;
      }
    }
    if (attempt === 1 || attempt % 30 === 0)
      o.logger.warn(`waiting for a volume labelled ${METAL_ISO_LABEL} holding ${CONFIG_FILE}`);
    await sleep(o.retryMs ?? 1000, o.signal);
  }
}

async function readConfigFile(
  device: string,
  type: LabelledFs,
  run: CommandRunner,
  o: ConfigVolumeOptions,
): Promise<Buffer | undefined> {
  let mount;
  try {
    mount = await mountReadOnly({ device, type, name: METAL_ISO_LABEL, run, signal: o.signal });
  } catch (e: unknown) {
    o.signal.throwIfAborted();
    o.logger.warn({ device, error: errorMessage(e) }, `mounting the ${METAL_ISO_LABEL} volume failed`);
    return undefined;
  }
  try {
    return await readFile(join(mount.dir, CONFIG_FILE));
  } catch (e: unknown) {
    o.logger.warn({ device, error: errorMessage(e) }, `no ${CONFIG_FILE} on the ${METAL_ISO_LABEL} volume`);
    return undefined;
  } finally {
    await mount.release();
  }
}
