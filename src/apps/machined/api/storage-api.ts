// storage.StorageService: Disks (`talosctl disks`, kept by Talos for older clients) from the Disks and
// SystemDisks resources, and BlockDeviceWipe (`talosctl wipe disk`), allowed to readers in maintenance
// mode only (the authorization layer). On the container platform the disks are the host's: they are
// listed, never wiped (FailedPrecondition).
import { status } from '@grpc/grpc-js';
import type { Disk_DiskType } from '../../../gen/api/storage';
import { ApiError } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import type { CommandRunner } from '../../../install/command';
import { BlockDeviceDefinition, type BlockDeviceSpec } from '../../../resources/block/block-device';
import { DiskDefinition, type DiskSpec } from '../../../resources/block/disk';
import {
  SystemDiskDefinition,
  SYSTEM_DISK_ID,
  type SystemDiskSpec,
} from '../../../resources/block/system-disk';
import { VolumeStatusDefinition, type VolumeStatusSpec } from '../../../resources/block/volume-status';
import { getOptional, type State } from '../../../state';
import {
  BlockDeviceWipeError,
  checkWipe,
  wipeBlockDevice,
  type BlockView,
  type WipeRequest,
} from '../../../volumes/block-device-wipe';
import type { PlatformName } from '../platform';

const NS = 'runtime';

/** Talos's Disk.DiskType from what a Disk resource says. */
function diskType(d: DiskSpec): Disk_DiskType {
  if (d.cdrom) return 'CD';
  if (d.transport === 'nvme') return 'NVME';
  if (d.transport === 'mmc') return 'SD';
  if (d.rotational) return 'HDD';
  if (d.transport) return 'SSD';
  return 'UNKNOWN';
}

const CODES = {
  'not-found': status.NOT_FOUND,
  invalid: status.INVALID_ARGUMENT,
  precondition: status.FAILED_PRECONDITION,
} as const;

export interface StorageApiOptions {
  readonly platform: PlatformName;
  readonly state: State;
  readonly run: CommandRunner;
}

export function storageApi(o: StorageApiOptions): Implementation<'storage.StorageService'> {
  const byId = async <S>(type: string) =>
    new Map((await o.state.list<S>({ namespace: NS, type })).map((r) => [r.metadata.id, r.spec]));
  return implement('storage.StorageService', {
    Disks: async () => {
      const system = await getOptional<SystemDiskSpec>(o.state, {
        namespace: NS,
        type: SystemDiskDefinition.type,
        id: SYSTEM_DISK_ID,
      });
      const disks = await o.state.list<DiskSpec>({ namespace: NS, type: DiskDefinition.type });
      return {
        messages: [
          {
            disks: disks.map(({ metadata, spec: d }) => ({
              device_name: `/dev/${metadata.id}`,
              model: d.model ?? '',
              size: d.size,
              serial: d.serial ?? '',
              modalias: d.modalias ?? '',
              wwid: d.wwid ?? '',
              uuid: d.uuid ?? '',
              type: diskType(d),
              bus_path: d.bus_path ?? '',
              system_disk: system?.spec.diskID === metadata.id,
              subsystem: d.sub_system ?? '',
              readonly: d.readonly,
            })),
          },
        ],
      };
    },
    BlockDeviceWipe: async (req, ctx) => {
      if (o.platform === 'container')
        throw new ApiError(status.FAILED_PRECONDITION, 'method is not supported in container mode');
      const requests: WipeRequest[] = req.devices.map((d) => ({
        device: d.device,
        method: d.method === 'ZEROES' ? 'ZEROES' : 'FAST',
        skipVolumeCheck: d.skip_volume_check,
        skipSecondaryCheck: d.skip_secondary_check,
        dropPartition: d.drop_partition,
      }));
      const view: BlockView = {
        devices: await byId<BlockDeviceSpec>(BlockDeviceDefinition.type),
        disks: await byId<DiskSpec>(DiskDefinition.type),
        volumes: await byId<VolumeStatusSpec>(VolumeStatusDefinition.type),
      };
      try {
        for (const r of requests) checkWipe(r, view);
        for (const r of requests) await wipeBlockDevice(r, view, { run: o.run, signal: ctx.signal });
      } catch (e: unknown) {
        if (e instanceof BlockDeviceWipeError) throw new ApiError(CODES[e.fault], e.message);
        throw e;
      }
      return { messages: [{}] };
    },
  });
}
