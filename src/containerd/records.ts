// What the containerd client hands back and takes: its records of containers, images, tasks, metrics
// and mounts, and the per-call options.
import type { AnyMessage } from './metrics';

export interface ContainerdVersion {
  readonly version: string;
  readonly revision: string;
}

export interface ContainerRecord {
  id: string;
  labels: Record<string, string>;
  image: string;
  runtime: { name: string } | null;
  spec: AnyMessage | null;
  snapshotter: string;
  snapshot_key: string;
}

export interface ImageRecord {
  name: string;
  labels: Record<string, string>;
  target: { media_type: string; digest: string; size: string } | null;
  created_at?: { seconds: string; nanos: number } | null;
}

export type TaskStatus = 'UNKNOWN' | 'CREATED' | 'RUNNING' | 'STOPPED' | 'PAUSED' | 'PAUSING';

export interface TaskRecord {
  container_id: string;
  id: string;
  pid: number;
  status: TaskStatus;
  exit_status: number;
}

export interface MetricRecord {
  id: string;
  data: AnyMessage | null;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Per-call deadline (default 10 s; Infinity for none). */
  readonly timeoutMs?: number;
}

/** A mount as containerd hands it out (a snapshot's) and takes it (a task's rootfs). */
export interface MountRecord {
  type: string;
  source: string;
  target?: string;
  options: string[];
}
