// The reset sequence on the container platform, as Talos runs it: a graceful reset of a control plane
// leaves etcd first; the services the config started are stopped; the asked system labels are wiped
// (none named: all) — STATE holds the machine config, EPHEMERAL what the node wrote under /var and the
// files rendered from the config — and the node comes back as after a reboot: in maintenance mode when
// STATE was wiped, else from its persisted config. The container platform cannot power off, so a reset
// without reboot comes back the same way.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface ResetRequest {
  graceful?: boolean;
  reboot?: boolean;
  system_partitions_to_wipe?: { label?: string; wipe?: boolean }[];
  user_disks_to_wipe?: string[];
  mode?: 'ALL' | 'SYSTEM_DISK' | 'USER_DISKS';
}

export interface ResetSteps {
  readonly rootDir: string;
  readonly isControlPlane: () => boolean;
  /** Leaves the etcd cluster (removing this member) and stops etcd. */
  readonly leaveEtcd: (signal: AbortSignal) => Promise<void>;
  /** Stops and unloads the services that a config started. */
  readonly stopConfiguredServices: () => Promise<void>;
  /** Forgets the persisted config (STATE). */
  readonly wipeState: () => Promise<void>;
  /** Comes back as after a reboot. */
  readonly boot: () => Promise<void>;
  readonly log: (msg: string) => void;
}

/** Directories of the root that EPHEMERAL and the rendered system files stand for. */
const EPHEMERAL = ['var', 'etc/kubernetes', 'system/secrets', 'system/config'];

/** What to wipe: the labels named with `wipe` set (as Talos, a label without it is only checked); none named: all. */
export function wipeLabels(req: ResetRequest): { state: boolean; ephemeral: boolean } {
  const specs = req.system_partitions_to_wipe ?? [];
  if (specs.length === 0) return { state: true, ephemeral: true };
  const labels = specs.filter((p) => p.wipe).map((p) => p.label ?? '');
  return { state: labels.includes('STATE'), ephemeral: labels.includes('EPHEMERAL') };
}

export async function runReset(req: ResetRequest, steps: ResetSteps, signal: AbortSignal): Promise<void> {
  const wipe = wipeLabels(req);
  if (req.graceful !== false && steps.isControlPlane()) {
    steps.log('leaving etcd cluster');
    await steps.leaveEtcd(signal);
  }
  await steps.stopConfiguredServices();
  if (wipe.ephemeral) {
    for (const dir of EPHEMERAL) await rm(join(steps.rootDir, dir), { recursive: true, force: true });
    steps.log('wiped EPHEMERAL');
  }
  if (wipe.state) {
    await steps.wipeState();
    steps.log('wiped STATE');
  }
  await steps.boot();
}
