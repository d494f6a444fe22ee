// The volumes of a metal machine, around the volume manager: at boot META is found and STATE opened
// with the encryption META remembers (before any config can be read: the config is on STATE); once a
// config is active, STATE's keys follow the config (and META follows STATE), EPHEMERAL and the user
// volumes are made, opened and mounted. A config whose volumes cannot be honoured is refused before
// anything is written.
import { totalmem } from 'node:os';
import { join } from 'node:path';
import type { MachineConfig } from '../../config';
import { ConfigValidationError, type ConfigProblem } from '../../config/errors';
import { Cryptsetup, cryptsetupRunner } from '../../blockdev/cryptsetup';
import { listSysBlockDevices } from '../../blockdev/sysfs-block';
import type { Logger } from '../../log';
import type { CommandRunner } from '../../install/command';
import { loadModule } from '../../install/command';
import { META_KEYS, type MetaStore } from '../../install/meta-store';
import type { VolumeStatusSpec } from '../../resources/block/volume-status';
import type { VolumeConfigSpec } from '../../resources/block/volume-config';
import { prettySize } from '../../resources/block/enums';
import { errorMessage } from '../../error-message';
import { parseDiskSelector } from '../../config/disk-selector';
import {
  decodeStateEncryptionMeta,
  encodeStateEncryptionMeta,
  systemVolumeEncryption,
} from '../../volumes/encryption-spec';
import { loadOrCreateSalt, readMachineUUID, type KeySources } from '../../volumes/encryption-keys';
import {
  ephemeralVolumeConfig,
  metaVolumeConfig,
  stateVolumeConfig,
  userVolumeConfigs,
} from '../../volumes/volume-configs';
import { VolumeManager, type DiskEntry, type VolumeEvent } from '../../volumes/volume-manager';

export interface MetalVolumesOptions {
  readonly run: CommandRunner;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** `/` in the image. */
  readonly root: string;
  readonly meta: MetaStore;
  /** The disk holding META (undefined when the machine is not installed). */
  readonly systemDisk: string | undefined;
  readonly sysClassBlock?: string;
  /** Settles once the boot's network is up (a KMS key is asked for only then). */
  readonly network?: () => Promise<void>;
}

/** Disks volumes may live on: whole disks with a size, not RAM, loop, optical or device-mapper ones. */
export async function diskEntries(sysClassBlock?: string): Promise<DiskEntry[]> {
  const devices = await listSysBlockDevices(sysClassBlock);
  return devices
    .filter((d) => d.type === 'disk' && d.size > 0 && !/^(ram|zram|loop|sr|fd|dm-)/.test(d.name))
    .map((d) => ({
      dev: `/dev/${d.name}`,
      spec: {
        dev_path: `/dev/${d.name}`,
        size: d.size,
        pretty_size: prettySize(d.size),
        io_size: d.ioSize,
        sector_size: d.sectorSize,
        readonly: d.readonly,
        cdrom: d.cdrom,
        model: d.model ?? '',
        serial: d.serial ?? '',
        modalias: d.modalias ?? '',
        wwid: d.wwid ?? '',
        uuid: d.uuid ?? '',
        bus_path: d.busPath ?? '',
        sub_system: d.subSystem ?? '',
        transport: d.transport ?? '',
        rotational: d.rotational,
      },
    }));
}

/** Key types this agent can derive (a TPM key needs a TPM service it does not have). */
const SUPPORTED_KEYS = new Set(['nodeID', 'static', 'kms']);

export class MetalVolumes {
  readonly manager: VolumeManager;
  private stateDir: string;

  constructor(private readonly o: MetalVolumesOptions) {
    this.stateDir = join(o.root, 'system/state');
    const keySources: KeySources = {
      machineUUID: async () => {
        const override = o.meta.get(META_KEYS.uuidOverride)?.toString('utf8').trim();
        return override || (await readMachineUUID());
      },
      salt: async () =>
        this.manager.status('STATE')?.phase === 'ready' ? loadOrCreateSalt(this.stateDir) : undefined,
      network: o.network,
    };
    this.manager = new VolumeManager({
      run: o.run,
      cryptsetup: new Cryptsetup(cryptsetupRunner(), pbkdfForThisMachine()),
      keySources,
      logger: o.logger,
      signal: o.signal,
      root: o.root,
      disks: () => diskEntries(o.sysClassBlock),
      systemDisk: () => o.systemDisk,
    });
  }

  subscribe(listener: (e: VolumeEvent) => void): () => void {
    return this.manager.subscribe(listener);
  }

  /** At boot: META found, STATE opened (with META's encryption) and mounted at /system/state. */
  async boot(): Promise<VolumeStatusSpec | undefined> {
    if (!this.o.systemDisk) return undefined;
    await loadModules(this.o.run, this.o.signal);
    await this.manager.ensure('META', metaVolumeConfig());
    const raw = this.o.meta.get(META_KEYS.stateEncryptionConfig);
    let encryption;
    try {
      encryption = raw ? decodeStateEncryptionMeta(raw) : undefined;
    } catch (e: unknown) {
      this.o.logger.error({ error: errorMessage(e) }, 'STATE encryption in META is unreadable');
    }
    return this.manager.ensure('STATE', stateVolumeConfig(encryption, false));
  }

  /** Whether STATE is mounted (the config can be read from and saved to it). */
  stateReady(): boolean {
    return (
      this.manager.status('STATE')?.phase === 'ready' && this.manager.mounted().some((m) => m.id === 'STATE')
    );
  }

  /**
   * Refuses a config this machine cannot honour, before anything is saved: an installed machine whose
   * STATE is not mounted (the config would be lost), key kinds this agent cannot derive, user volume
   * selectors that do not parse or match no disk.
   */
  async check(cfg: MachineConfig): Promise<void> {
    const problems: ConfigProblem[] = [];
    if (this.o.systemDisk && !this.stateReady()) {
      const st = this.manager.status('STATE');
      problems.push({
        path: '',
        message: `STATE is not mounted (${st?.phase ?? 'unknown'}${st?.errorMessage ? `: ${st.errorMessage}` : ''}); the config cannot be saved`,
      });
    }
    const encrypted = [
      ['STATE', systemVolumeEncryption(cfg, 'STATE')],
      ['EPHEMERAL', systemVolumeEncryption(cfg, 'EPHEMERAL')],
    ] as const;
    let users = new Map<string, VolumeConfigSpec>();
    try {
      users = userVolumeConfigs(cfg);
    } catch (e: unknown) {
      problems.push({ path: '', message: `UserVolumeConfig: ${errorMessage(e)}` });
    }
    for (const [id, enc] of [...encrypted, ...[...users].map(([id, v]) => [id, v.encryption] as const)]) {
      for (const k of enc?.keys ?? []) {
        if (!SUPPORTED_KEYS.has(k.type))
          problems.push({
            path: '',
            message: `${id}: encryption key type ${k.type} (slot ${k.slot}) is not supported by this agent`,
          });
      }
    }
    const disks = users.size > 0 ? await diskEntries(this.o.sysClassBlock) : [];
    for (const [id, v] of users) {
      const match = v.provisioning.diskSelector?.match ?? '';
      try {
        const selector = parseDiskSelector(match);
        const any = disks.some((d) =>
          selector.matches({ disk: d.spec, system_disk: d.dev === this.o.systemDisk }),
        );
        if (!any)
          problems.push({
            path: '',
            message: `${id}: no disk matches the selector ${JSON.stringify(match)}`,
          });
      } catch (e: unknown) {
        problems.push({ path: '', message: `${id}: disk selector: ${errorMessage(e)}` });
      }
    }
    if (problems.length > 0) throw new ConfigValidationError(problems);
  }

  /**
   * A config became active: STATE's keys follow it and META remembers them (after the keys are in
   * place), then EPHEMERAL and the user volumes. Answers whether the configured services may start:
   * EPHEMERAL is mounted, or the machine runs from memory (not installed: /var is a tmpfs by design).
   */
  async configure(cfg: MachineConfig): Promise<boolean> {
    if (!this.o.systemDisk) return true;
    const stateEnc = systemVolumeEncryption(cfg, 'STATE');
    const state = await this.manager.ensure('STATE', stateVolumeConfig(stateEnc, true));
    if (state.phase === 'ready') await this.rememberStateEncryption(stateEnc);
    const eph = await this.manager.ensure('EPHEMERAL', ephemeralVolumeConfig(cfg));
    for (const [id, spec] of userVolumeConfigs(cfg)) await this.manager.ensure(id, spec);
    return eph.phase === 'ready';
  }

  private async rememberStateEncryption(spec: ReturnType<typeof systemVolumeEncryption>): Promise<void> {
    const encoded = encodeStateEncryptionMeta(spec);
    const current = this.o.meta.get(META_KEYS.stateEncryptionConfig);
    if (current?.equals(encoded) || (!spec && !current)) return;
    if (!this.o.meta.set(META_KEYS.stateEncryptionConfig, encoded)) throw new Error('META is full');
    await this.o.meta.flush();
    this.o.logger.info('saved state encryption config to META');
  }

  /** Unmounts every volume and closes the encrypted ones. */
  release(): Promise<void> {
    return this.manager.closeAll();
  }
}

/** Modules the volumes need before any device-mapper or file system call. */
async function loadModules(run: CommandRunner, signal: AbortSignal): Promise<void> {
  for (const m of ['xfs', 'ext4', 'dm_crypt', 'xts', 'algif_skcipher']) await loadModule(run, m, signal);
}

/**
 * Argon2's memory for new keyslots: cryptsetup's default (1 GiB, at most half the RAM) would leave a
 * small machine, whose root file system lives in RAM, without memory for anything else; a quarter of
 * the RAM is the limit here.
 */
export function pbkdfForThisMachine() {
  const totalKiB = Math.floor(totalmem() / 1024);
  return { memoryKiB: Math.min(1024 * 1024, Math.floor(totalKiB / 4)) };
}
