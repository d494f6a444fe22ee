// What a reset wipes on metal, decided when the request arrives so that a request Talos would refuse
// is refused before anything stops: named system labels must be volumes of this node; no labels (in
// mode ALL or SYSTEM_DISK) wipes the whole system disk; user disks must exist and not be the system
// disk. The wipes themselves run once the services have stopped and the volumes are unmounted
// (metal-system), then the init reboots or powers off.
import { status } from '@grpc/grpc-js';
import { statSync } from 'node:fs';
import { ApiError } from '../../grpc/errors';
import type { ResetRequest } from './reset';

export interface SystemDisk {
  /** The disk holding the installed system (undefined when booted from ISO or PXE alone). */
  readonly disk?: string;
  /** The system partitions by label (EFI, BIOS, BOOT, META, STATE, EPHEMERAL). */
  readonly partitions: ReadonlyMap<string, string>;
}

export interface MetalResetPlan {
  /** Partitions wiped by label, in the order asked. */
  readonly partitions: readonly { readonly label: string; readonly device: string }[];
  /** Whole disks wiped (partition tables included). */
  readonly disks: readonly string[];
  readonly reboot: boolean;
}

const invalid = (msg: string) => new ApiError(status.INVALID_ARGUMENT, msg);

const isBlockDevice = (path: string): boolean => {
  try {
    return statSync(path).isBlockDevice();
  } catch {
    return false;
  }
};

export function planMetalReset(
  req: ResetRequest,
  system: SystemDisk,
  deviceExists: (path: string) => boolean = isBlockDevice,
): MetalResetPlan {
  const mode = req.mode ?? 'ALL';
  const userDisks = req.user_disks_to_wipe ?? [];
  const labels = req.system_partitions_to_wipe ?? [];
  if (userDisks.length > 0) {
    if (mode === 'SYSTEM_DISK')
      throw invalid(
        "reset failed: invalid input, wipe mode SYSTEM_DISK doesn't support UserDisksToWipe parameter",
      );
    for (const d of userDisks) {
      if (!deviceExists(d)) throw invalid(`reset user disk failed: device ${d} wasn't found`);
      if (d === system.disk) throw invalid(`reset user disk failed: device ${d} is the system disk`);
    }
  }
  const partitions: { label: string; device: string }[] = [];
  if (labels.length > 0) {
    if (mode === 'USER_DISKS')
      throw invalid(
        "reset failed: invalid input, wipe mode USER_DISKS doesn't support SystemPartitionsToWipe parameter",
      );
    for (const spec of labels) {
      const label = spec.label ?? '';
      const device = system.partitions.get(label);
      if (!device)
        throw invalid(`failed to get volume status with label ${JSON.stringify(label)}: volume not found`);
      if (spec.wipe) partitions.push({ label, device });
    }
  }
  const wholeSystemDisk = mode !== 'USER_DISKS' && labels.length === 0 && system.disk !== undefined;
  const disks = [...(wholeSystemDisk ? [system.disk] : []), ...(mode === 'SYSTEM_DISK' ? [] : userDisks)];
  return { partitions, disks, reboot: req.reboot === true };
}

/**
 * `talos.experimental.wipe=` (the boot menu's reset entry): `system` wipes the whole system disk,
 * `system:EPHEMERAL,STATE` those volumes. Undefined when absent; throws on a value it cannot follow.
 */
export function planBootWipe(value: string | undefined, system: SystemDisk): MetalResetPlan | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'system') return { partitions: [], disks: system.disk ? [system.disk] : [], reboot: true };
  const m = /^system:(.+)$/.exec(value);
  if (!m) throw new Error(`talos.experimental.wipe=${value}: expected system or system:<label>,...`);
  const partitions = m[1]!.split(',').map((label) => {
    const device = system.partitions.get(label);
    if (!device) throw new Error(`talos.experimental.wipe: no system volume labelled ${label}`);
    return { label, device };
  });
  return { partitions, disks: [], reboot: true };
}
