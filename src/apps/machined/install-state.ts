// The last step of an install: STATE made on the new system disk by the volume manager (encrypted when
// the config says so, its encryption first remembered in META so the installed system can open it
// before reading any config), the config saved on it, and everything closed again.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MachineConfig } from '../../config';
import { Cryptsetup, cryptsetupRunner } from '../../blockdev/cryptsetup';
import { writeFileAtomic } from '../../files/atomic-write';
import { runCommand, type CommandRunner } from '../../install/command';
import { MetaStore, META_KEYS } from '../../install/meta-store';
import type { Logger } from '../../log';
import { readMachineUUID } from '../../volumes/encryption-keys';
import { encodeStateEncryptionMeta, systemVolumeEncryption } from '../../volumes/encryption-spec';
import { findByLabel } from '../../volumes/partitions';
import { stateVolumeConfig } from '../../volumes/volume-configs';
import { VolumeManager } from '../../volumes/volume-manager';
import { pbkdfForThisMachine } from './metal-volumes';

export async function installState(o: {
  readonly disk: string;
  readonly cfg: MachineConfig;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly run?: CommandRunner;
  readonly cryptsetup?: Cryptsetup;
  readonly machineUUID?: () => Promise<string | undefined>;
  /** Where STATE is mounted while the config is written (default: a new directory under /tmp). */
  readonly workDir?: string;
}): Promise<void> {
  const run = o.run ?? runCommand;
  const encryption = systemVolumeEncryption(o.cfg, 'STATE');
  if (encryption) {
    const metaPart = findByLabel('META', [o.disk]);
    if (!metaPart) throw new Error(`${o.disk} has no META partition`);
    const meta = await MetaStore.load(metaPart.device);
    if (!meta.set(META_KEYS.stateEncryptionConfig, encodeStateEncryptionMeta(encryption)))
      throw new Error('META is full');
    await meta.flush();
    o.logger.info('saved state encryption config to META');
  }
  const root = await mkdtemp(join(o.workDir ?? tmpdir(), 'talos-state-'));
  const manager = new VolumeManager({
    run,
    cryptsetup: o.cryptsetup ?? new Cryptsetup(cryptsetupRunner(), pbkdfForThisMachine()),
    keySources: {
      machineUUID: o.machineUUID ?? (() => readMachineUUID()),
      salt: () => Promise.resolve(undefined),
    },
    logger: o.logger,
    signal: o.signal,
    root,
    disks: () => Promise.resolve([{ dev: o.disk, spec: { dev_path: o.disk } }]),
    systemDisk: () => o.disk,
  });
  try {
    const st = await manager.ensure('STATE', stateVolumeConfig(encryption, true));
    if (st.phase !== 'ready') throw new Error(`STATE is ${st.phase}: ${st.errorMessage ?? 'not ready'}`);
    await writeFileAtomic(join(root, 'system/state', 'config.yaml'), o.cfg.bytes(), { mode: 0o600 });
    o.logger.info('machine config saved on STATE');
  } finally {
    await manager.closeAll();
    // Never a recursive removal through a mount that did not go away.
    if (manager.mounted().length === 0) await rm(root, { recursive: true, force: true });
  }
}
