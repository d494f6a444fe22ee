// What a reset asks for, and the container platform's wipes. There the state directory stands in for
// the system disk: STATE holds the machine config, EPHEMERAL what the node wrote under /var and the
// files rendered from the config. The asked system labels are wiped (none named: all).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResetPlan } from '../../sequencer/sequences';

export interface ResetRequest {
  graceful?: boolean;
  reboot?: boolean;
  system_partitions_to_wipe?: { label?: string; wipe?: boolean }[];
  user_disks_to_wipe?: string[];
  mode?: 'ALL' | 'SYSTEM_DISK' | 'USER_DISKS';
}

/** Directories of the root that EPHEMERAL and the rendered system files stand for. */
const EPHEMERAL = ['var', 'etc/kubernetes', 'system/secrets', 'system/config'];

/** What to wipe: the labels named with `wipe` set (as Talos, a label without it is only checked); none named: all. */
export function wipeLabels(req: ResetRequest): { state: boolean; ephemeral: boolean } {
  if (req.mode === 'USER_DISKS') return { state: false, ephemeral: false };
  const specs = req.system_partitions_to_wipe ?? [];
  if (specs.length === 0) return { state: true, ephemeral: true };
  const labels = specs.filter((p) => p.wipe).map((p) => p.label ?? '');
  return { state: labels.includes('STATE'), ephemeral: labels.includes('EPHEMERAL') };
}

/** The reset sequence's choices for this request. */
export function resetPlan(req: ResetRequest, controlPlane: boolean): ResetPlan {
  const named = (req.system_partitions_to_wipe ?? []).length > 0;
  return {
    leaveEtcd: req.graceful === true && controlPlane,
    systemDisk: req.mode === 'USER_DISKS' ? 'none' : named ? 'spec' : 'all',
    reboot: req.reboot === true,
  };
}

/** The container platform's system disk wipe: EPHEMERAL's directories, and STATE through `wipeState`. */
export async function wipeContainerSystem(
  req: ResetRequest,
  rootDir: string,
  wipeState: () => Promise<void>,
  log: (msg: string) => void,
): Promise<void> {
  const wipe = wipeLabels(req);
  if (wipe.ephemeral) {
    for (const dir of EPHEMERAL) await rm(join(rootDir, dir), { recursive: true, force: true });
    log('wiped EPHEMERAL');
  }
  if (wipe.state) {
    await wipeState();
    log('wiped STATE');
  }
}
