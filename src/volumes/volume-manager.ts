// The volume manager: takes each volume from its config to a mounted file system, one phase at a time,
// as Talos's VolumeManagerController does: waiting → located (found by label, or provisioned on a disk
// the selector picks) → provisioned (grown) → prepared (LUKS2 opened, keys synced; an empty partition is
// encrypted first) → ready (formatted when empty) → mounted. Every phase change is published and logged;
// a failure leaves the volume `failed` with the reason and the phase it failed in, and touches nothing
// more. Data is never formatted over: only an empty device (zeros, or an XFS whose mkfs never finished)
// is formatted or encrypted.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Cryptsetup } from '../blockdev/cryptsetup';
import { readLuksHeader } from '../blockdev/luks-header';
import { probeDevice } from '../blockdev/probe';
import { fastWipe } from '../blockdev/wipe';
import type { CommandRunner } from '../install/command';
import { diskSizeOf } from '../install/disk-devices';
import type { Logger } from '../log';
import type { MountStatusSpec } from '../resources/block/mount-status';
import type { VolumeConfigSpec } from '../resources/block/volume-config';
import type { VolumeStatusSpec } from '../resources/block/volume-status';
import { prettySize, type VolumePhase } from '../resources/block/enums';
import { errorMessage } from '../error-message';
import { parseDiskSelector } from '../config/disk-selector';
import type { KeySources } from './encryption-keys';
import { makeFilesystem, growFilesystem } from './filesystem';
import { LuksVolume, mappedName } from './luks-volume';
import {
  createPartition,
  findByLabel,
  growPartition,
  partitionSize,
  type LocatedPartition,
} from './partitions';

export interface DiskEntry {
  /** `/dev/vda`. */
  readonly dev: string;
  /** The disk as a selector sees it (Talos's DiskSpec fields: `size`, `transport`, `model`, …). */
  readonly spec: Readonly<Record<string, unknown>>;
}

export interface VolumeManagerOptions {
  readonly run: CommandRunner;
  readonly cryptsetup: Cryptsetup;
  readonly keySources: KeySources;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** Where mount targets live (`/` in the image, a work directory for an install). */
  readonly root: string;
  /** The disks volumes may be on. */
  readonly disks: () => Promise<DiskEntry[]>;
  /** The system disk (the one with META), for `system_disk` selectors. */
  readonly systemDisk: () => string | undefined;
}

export type VolumeEvent =
  | { readonly kind: 'config'; readonly id: string; readonly spec: VolumeConfigSpec }
  | { readonly kind: 'status'; readonly id: string; readonly spec: VolumeStatusSpec }
  | { readonly kind: 'mount'; readonly id: string; readonly spec: MountStatusSpec | undefined };

interface Volume {
  config: VolumeConfigSpec;
  status: VolumeStatusSpec;
  located?: LocatedPartition;
  /** Made by this manager (a new partition), not found. */
  provisioned?: boolean;
  /** The partition grew under a file system that was already there: it grows once mounted. */
  growFilesystem?: boolean;
  grewPartition?: boolean;
  mapped?: string;
  mountedAt?: string;
}

export class VolumeFailedError extends Error {
  constructor(
    readonly volumeId: string,
    readonly reason: string,
  ) {
    super(`volume ${volumeId} failed: ${reason}`);
    this.name = 'VolumeFailedError';
  }
}

/** The configured key kinds as Talos lists them (`nodeid`, `static`), sorted. */
const keyTypes = (enc: NonNullable<VolumeConfigSpec['encryption']>): string[] =>
  [...new Set(enc.keys.map((k) => (k.type === 'nodeID' ? 'nodeid' : k.type)))].sort();

/** The label a volume is found by (`volume.partition_label == "X"`). */
function locatorLabel(config: VolumeConfigSpec, id: string): string {
  const m = /partition_label\s*==\s*"([^"]*)"/.exec(config.locator.match ?? '');
  return m?.[1] ?? id;
}

export class VolumeManager {
  private readonly volumes = new Map<string, Volume>();
  private readonly listeners = new Set<(e: VolumeEvent) => void>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: VolumeManagerOptions) {}

  /** Events for every config, status and mount change; the current ones are replayed first. */
  subscribe(listener: (e: VolumeEvent) => void): () => void {
    for (const [id, v] of this.volumes) {
      listener({ kind: 'config', id, spec: v.config });
      listener({ kind: 'status', id, spec: v.status });
      if (v.mountedAt) listener({ kind: 'mount', id, spec: this.mountStatus(id, v) });
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(id: string): VolumeStatusSpec | undefined {
    return this.volumes.get(id)?.status;
  }

  /** The mounted volumes' targets (under root), in mount order. */
  mounted(): { id: string; target: string }[] {
    return [...this.volumes].flatMap(([id, v]) => (v.mountedAt ? [{ id, target: v.mountedAt }] : []));
  }

  private emit(e: VolumeEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** Runs one volume's phases (one volume at a time); answers its status, `failed` included. */
  ensure(id: string, config: VolumeConfigSpec): Promise<VolumeStatusSpec> {
    const next = this.queue.then(() => this.progress(id, config));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private setPhase(id: string, v: Volume, phase: VolumePhase, patch: Partial<VolumeStatusSpec> = {}) {
    const before = v.status.phase;
    v.status = { ...v.status, ...patch, phase };
    if (phase !== 'failed') {
      delete v.status.errorMessage;
      delete v.status.preFailPhase;
    }
    if (before !== phase)
      this.o.logger.info(
        {
          volume: id,
          phase: `${before} -> ${phase}`,
          ...(v.status.location ? { location: v.status.location } : {}),
          ...(v.status.errorMessage ? { error: v.status.errorMessage } : {}),
        },
        'volume status',
      );
    this.emit({ kind: 'status', id, spec: v.status });
  }

  private async progress(id: string, config: VolumeConfigSpec): Promise<VolumeStatusSpec> {
    let v = this.volumes.get(id);
    if (!v) {
      v = { config, status: { phase: 'waiting', type: config.type } };
      this.volumes.set(id, v);
      this.emit({ kind: 'config', id, spec: config });
      this.emit({ kind: 'status', id, spec: v.status });
    } else if (v.config !== config) {
      v.config = config;
      this.emit({ kind: 'config', id, spec: config });
    }
    if (v.status.phase === 'ready' && v.mountedAt) {
      await this.resync(id, v);
      return v.status;
    }
    let step: VolumePhase = 'waiting';
    try {
      step = 'waiting';
      if (!(await this.locate(id, v))) return v.status;
      step = 'located';
      await this.grow(id, v);
      step = 'provisioned';
      await this.prepare(id, v);
      step = 'prepared';
      await this.format(id, v);
      step = 'ready';
      await this.mount(id, v);
    } catch (e: unknown) {
      if (this.o.signal.aborted) throw e;
      this.setPhase(id, v, 'failed', { preFailPhase: step, errorMessage: errorMessage(e) });
    }
    return v.status;
  }

  private async locate(id: string, v: Volume): Promise<boolean> {
    const label = locatorLabel(v.config, id);
    const disks = (await this.o.disks()).map((d) => d.dev);
    let located = findByLabel(label, disks);
    const spec = v.config.provisioning.partitionSpec;
    if (!located) {
      if (!spec) {
        this.setPhase(id, v, 'missing');
        return false;
      }
      const disk = await this.pickDisk(v.config);
      this.o.logger.info({ volume: id, disk, size: spec.minSize }, 'provisioning partition');
      located = await createPartition(disk, await diskSizeOf(disk), spec, this.o.run, this.o.signal);
      // Whatever the disk held where the partition now is, it is not this volume's.
      await fastWipe(located.device);
      v.provisioned = true;
    }
    v.located = located;
    const size = partitionSize(located.partition);
    this.setPhase(id, v, 'located', {
      location: located.device,
      parentLocation: located.disk,
      partitionIndex: located.partition.index,
      partitionUUID: located.partition.uniqueGuid.toLowerCase(),
      size,
      prettySize: prettySize(size),
    });
    return true;
  }

  private async pickDisk(config: VolumeConfigSpec): Promise<string> {
    const match = config.provisioning.diskSelector?.match ?? '';
    if (match === '') throw new Error('no disk selector to provision the volume with');
    const selector = parseDiskSelector(match);
    const system = this.o.systemDisk();
    for (const d of await this.o.disks()) {
      if (d.spec['readonly'] === true || d.spec['cdrom'] === true) continue;
      if (selector.matches({ disk: d.spec, system_disk: d.dev === system })) return d.dev;
    }
    throw new Error(`no disk matches the selector ${JSON.stringify(match)}`);
  }

  private async grow(id: string, v: Volume): Promise<void> {
    const spec = v.config.provisioning.partitionSpec;
    if (spec?.grow && v.located && !v.mapped && !v.mountedAt) {
      const size = await growPartition(v.located, spec, this.o.run, this.o.signal);
      if (size !== undefined) {
        v.grewPartition = true;
        this.o.logger.info({ volume: id, size }, 'grew partition');
        v.located = findByLabel(locatorLabel(v.config, id), [v.located.disk]) ?? v.located;
        this.setPhase(id, v, v.status.phase, { size, prettySize: prettySize(size) });
      }
    }
    this.setPhase(id, v, 'provisioned');
  }

  private async prepare(id: string, v: Volume): Promise<void> {
    const location = v.status.location!;
    const enc = v.config.encryption;
    const found = await probeDevice(location);
    if (!enc || enc.provider !== 'luks2') {
      if (found.name === 'luks') throw new Error('volume is encrypted, but no encryption config provided');
      this.setPhase(id, v, 'prepared', { mountLocation: location, encryptionProvider: 'none' });
      return;
    }
    if (found.damaged) throw new Error(`LUKS2 header is damaged: ${found.damaged}`);
    if (found.name !== '' && found.name !== 'luks')
      throw new Error(`block dev type mismatch: ${found.name} != luks`);
    if (found.name === '' && !found.blank)
      throw new Error('the partition holds data of an unknown kind; wipe it to encrypt it');
    const luks = this.luks(id, enc);
    const name = mappedName(id);
    // A header without keyslots (luksFormat cut short before its first key) opens for no one: nothing
    // can be behind it, so it is encrypted again.
    const empty = found.name === 'luks' && (await readLuksHeader(location)).keyslots.length === 0;
    if (empty) this.o.logger.warn({ volume: id }, 'LUKS2 header without keyslots: encrypting again');
    if (found.name === '' || empty) await luks.format(location);
    const open = v.mapped !== undefined || (await this.o.cryptsetup.isOpen(name, this.o.signal));
    const opened = await luks.findKey(location, open);
    if (!open) this.o.logger.info({ volume: id, slot: opened.slot }, 'opened encrypted volume');
    v.mapped = `/dev/mapper/${name}`;
    const sync = await luks.syncKeys(location, opened);
    for (const f of sync.failedSyncs)
      this.o.logger.error({ volume: id, error: f }, 'encryption key sync failed');
    this.setPhase(id, v, 'prepared', {
      mountLocation: v.mapped,
      encryptionProvider: 'luks2',
      encryptionSlot: opened.slot,
      encryptionLockedToState: opened.spec.lockToState === true,
      configuredEncryptionKeys: keyTypes(enc),
      encryptionFailedSyncs: sync.failedSyncs.length > 0 ? sync.failedSyncs : undefined,
    });
  }

  /**
   * A mounted volume whose config changed: an encrypted one gets its keys synced to the new config
   * (found with a configured key that works); what cannot be synced is reported, the volume stays up.
   */
  private async resync(id: string, v: Volume): Promise<void> {
    const enc = v.config.encryption;
    if (!enc || enc.provider !== 'luks2' || !v.mapped) return;
    const luks = this.luks(id, enc);
    const location = v.status.location!;
    try {
      const opened = await luks.findKey(location, true);
      const sync = await luks.syncKeys(location, opened);
      this.setPhase(id, v, 'ready', {
        encryptionSlot: opened.slot,
        configuredEncryptionKeys: keyTypes(enc),
        encryptionFailedSyncs: sync.failedSyncs.length > 0 ? sync.failedSyncs : undefined,
      });
    } catch (e: unknown) {
      if (this.o.signal.aborted) throw e;
      this.setPhase(id, v, 'ready', { encryptionFailedSyncs: [errorMessage(e)] });
    }
  }

  private luks(id: string, enc: NonNullable<VolumeConfigSpec['encryption']>): LuksVolume {
    return new LuksVolume({
      cryptsetup: this.o.cryptsetup,
      keySources: this.o.keySources,
      volumeId: id,
      spec: enc,
      signal: this.o.signal,
      log: (msg, fields) => this.o.logger.info({ volume: id, ...fields }, msg),
    });
  }

  private async format(id: string, v: Volume): Promise<void> {
    const device = v.status.mountLocation!;
    const fs = v.config.provisioning.filesystemSpec;
    const found = await probeDevice(device);
    if (found.name === 'luks') throw new Error('volume is encrypted, but no encryption config provided');
    if (!fs || fs.type === 'none') {
      if (v.config.mount && found.name === '') throw new Error(`filesystem not found on ${device}`);
    } else if (found.name === '') {
      // Inside LUKS2 a fresh volume reads as noise (zeros decrypted); outside it must be blank.
      if (!found.blank && v.status.encryptionProvider !== 'luks2')
        throw new Error(`${device} holds data of an unknown kind; wipe it to format it`);
      // A partition found empty was wiped (a reset): it starts again, as Talos makes it.
      if (!v.provisioned && v.status.encryptionProvider !== 'luks2')
        this.o.logger.info({ device }, `formatting wiped ${id}`);
      this.o.logger.info({ volume: id, device, filesystem: fs.type }, 'formatting filesystem');
      await makeFilesystem(fs.type, fs.label ?? '', device, this.o.run, this.o.signal);
    } else if (found.name !== fs.type) {
      throw new Error(`filesystem type mismatch: ${found.name} != ${fs.type}`);
    } else if (v.grewPartition) {
      // ext4 grows before it is mounted, XFS once it is.
      if (fs.type === 'ext4') await growFilesystem(fs.type, device, undefined, this.o.run, this.o.signal);
      else v.growFilesystem = true;
    }
    const after = fs && fs.type !== 'none' ? await probeDevice(device) : found;
    this.setPhase(id, v, 'ready', {
      filesystem: (after.name || 'none') as VolumeStatusSpec['filesystem'],
      ...(after.uuid ? { uuid: after.uuid } : {}),
    });
  }

  private async mount(id: string, v: Volume): Promise<void> {
    const m = v.config.mount;
    const fs = v.status.filesystem;
    if (!m || v.mountedAt || !fs || fs === 'none') return;
    const target = join(this.o.root, m.targetPath);
    await mkdir(target, { recursive: true, mode: m.fileMode ?? 0o755 });
    await this.o.run('mount', ['-t', fs, v.status.mountLocation!, target], this.o.signal);
    v.mountedAt = target;
    if (v.growFilesystem) {
      this.o.logger.info({ volume: id, device: v.status.mountLocation }, 'growing filesystem');
      await growFilesystem(fs, v.status.mountLocation!, target, this.o.run, this.o.signal);
      v.growFilesystem = false;
    }
    this.o.logger.info({ volume: id, device: v.status.mountLocation, path: target }, `mounted ${id}`);
    this.emit({ kind: 'mount', id, spec: this.mountStatus(id, v) });
  }

  private mountStatus(id: string, v: Volume): MountStatusSpec {
    return {
      spec: { volumeID: id, requesters: ['machined'], requesterIDs: [id], readOnly: false },
      source: v.status.mountLocation ?? '',
      target: v.config.mount?.targetPath ?? '',
      filesystem: v.status.filesystem ?? 'none',
      encryptionProvider: v.status.encryptionProvider,
      readOnly: false,
      projectQuotaSupport: false,
      detached: false,
    };
  }

  /** Unmounts and closes one volume (its status becomes `closed`). */
  async close(id: string): Promise<void> {
    const v = this.volumes.get(id);
    if (!v) return;
    const signal = AbortSignal.timeout(60_000);
    if (v.mountedAt) {
      await this.o.run('umount', [v.mountedAt], signal);
      v.mountedAt = undefined;
      this.emit({ kind: 'mount', id, spec: undefined });
    }
    if (v.mapped) {
      await this.o.cryptsetup.close(mappedName(id), signal);
      v.mapped = undefined;
    }
    this.setPhase(id, v, 'closed');
  }

  /** Closes every volume, the last mounted first; failures are logged and the rest still closed. */
  async closeAll(): Promise<void> {
    for (const id of [...this.volumes.keys()].reverse()) {
      await this.close(id).catch((e: unknown) =>
        this.o.logger.warn({ volume: id, error: errorMessage(e) }, 'closing the volume failed'),
      );
    }
  }
}
