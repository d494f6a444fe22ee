// Recovery from an uploaded snapshot (Talos recoverFromSnapshot): verify it, restore it as a one-member
// cluster of this node into the data directory, delete it. etcd 3.4 has no etcdutl; `etcdctl snapshot`
// (API v3) does the same. It refuses an existing data directory, so it restores beside it and moves in.
import { execFile } from 'node:child_process';
import { readdir, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ETCD_PEER_PORT } from '../src/etcd/local';
import type { Logger } from '../src/log';
import type { EtcdSpecSpec } from '../src/resources/etcd/spec';
import { clusterURLs, etcdURLs } from './etcd-args';
import type { EtcdPaths } from './etcd-paths';
import { errorMessage } from '../src/error-message';

const run = promisify(execFile);

export interface SnapshotStatus {
  hash: number;
  revision: number;
  totalKey: number;
  totalSize: number;
}

export class SnapshotRecoveryError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'SnapshotRecoveryError';
  }
}

const ENV = { ...process.env, ETCDCTL_API: '3' };

function stderrOf(e: unknown): string {
  const s = (e as { stderr?: unknown }).stderr;
  const text = typeof s === 'string' ? s.trim() : '';
  return text || errorMessage(e);
}

export async function snapshotStatus(etcdctl: string, path: string): Promise<SnapshotStatus> {
  try {
    const { stdout } = await run(etcdctl, ['snapshot', 'status', path, '--write-out=json'], { env: ENV });
    return JSON.parse(stdout) as SnapshotStatus;
  } catch (e: unknown) {
    throw new SnapshotRecoveryError(`error verifying snapshot: ${stderrOf(e)}`, e);
  }
}

export interface RestoreOptions {
  readonly etcdctl: string;
  readonly paths: EtcdPaths;
  readonly spec: EtcdSpecSpec;
  readonly skipHashCheck: boolean;
  readonly logger?: Logger;
}

export async function recoverFromSnapshot(o: RestoreOptions): Promise<void> {
  const snapshot = o.paths.recoverySnapshot;
  const st = await snapshotStatus(o.etcdctl, snapshot);
  o.logger?.info(
    `recovering etcd from snapshot: hash ${st.hash.toString(16).padStart(8, '0')}, revision ${st.revision}, total keys ${st.totalKey}, total size ${st.totalSize}`,
  );
  const peerURLs = etcdURLs(o.spec.advertisedAddresses, ETCD_PEER_PORT);
  const staging = `${o.paths.dataDir}.restore`;
  await rm(staging, { recursive: true, force: true });
  const args = [
    'snapshot',
    'restore',
    snapshot,
    `--name=${o.spec.name}`,
    `--data-dir=${staging}`,
    `--initial-cluster=${clusterURLs(o.spec.name, peerURLs)}`,
    `--initial-advertise-peer-urls=${peerURLs.join(',')}`,
  ];
  if (o.skipHashCheck) args.push('--skip-hash-check');
  try {
    await run(o.etcdctl, args, { env: ENV });
    for (const entry of await readdir(staging))
      await rename(join(staging, entry), join(o.paths.dataDir, entry));
  } catch (e: unknown) {
    throw new SnapshotRecoveryError(`error recovering from the snapshot: ${stderrOf(e)}`, e);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  try {
    await unlink(snapshot);
  } catch (e: unknown) {
    throw new SnapshotRecoveryError(`error deleting snapshot: ${stderrOf(e)}`, e);
  }
}
