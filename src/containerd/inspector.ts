// Containers of one containerd namespace grouped into pods, as Talos's containerd inspector sees them:
// only containers with a task are listed; a Kubernetes container is shown as `ns/pod:container` and
// grouped by `ns/pod`; the image is the digest of the container's image, named from the image list;
// running tasks carry their cgroup metrics.
import type { ContainerdClient, ContainerRecord, TaskRecord } from './client';
import { decodeMetrics, type ContainerMetrics } from './metrics';
import { errorMessage } from '../error-message';

const POD_NAME = 'io.kubernetes.pod.name';
const POD_NAMESPACE = 'io.kubernetes.pod.namespace';
const CONTAINER_NAME = 'io.kubernetes.container.name';

export interface InspectedContainer {
  /** `ns/pod:container` for Kubernetes containers, else the id. */
  readonly display: string;
  readonly name: string;
  readonly id: string;
  /** Set by the CRI inspector only; empty here. */
  readonly uid: string;
  readonly image: string;
  readonly pid: number;
  readonly status: string;
  readonly podName: string;
  readonly networkNamespace: string;
  readonly metrics?: ContainerMetrics;
}

export interface InspectedPod {
  readonly name: string;
  readonly containers: InspectedContainer[];
}

export interface PodsResult {
  readonly pods: InspectedPod[];
  /** Per-container failures (the rest are still listed). */
  readonly errors: Error[];
}

export async function inspectPods(client: ContainerdClient, signal?: AbortSignal): Promise<PodsResult> {
  // digest → name, skipping images named by their digest
  const images = new Map<string, string>();
  const imageDigests = new Map<string, string>();
  for (const img of await client.images([], { signal })) {
    if (!img.target) continue;
    imageDigests.set(img.name, img.target.digest);
    if (!img.name.startsWith('sha256:')) images.set(img.target.digest, img.name);
  }
  const containers = await client.containers([], { signal });
  const tasks = new Map<string, TaskRecord>((await client.tasks('', { signal })).map((t) => [t.id, t]));
  const running = containers.filter((c) => tasks.get(c.id)?.status === 'RUNNING');
  const metrics = new Map<string, ContainerMetrics | Error>();
  if (running.length > 0) {
    for (const m of await client.metrics(
      running.map((c) => `id==${c.id}`),
      { signal },
    )) {
      try {
        if (!m.data) throw new Error('no metrics data');
        metrics.set(m.id, decodeMetrics(m.data));
      } catch (e: unknown) {
        metrics.set(m.id, new Error(`error unmarshalling metrics for "${m.id}": ${errorMessage(e)}`));
      }
    }
  }

  const pods: InspectedPod[] = [];
  const errors: Error[] = [];
  for (const c of containers) {
    const task = tasks.get(c.id);
    if (!task) continue; // no task: not listed
    let info: InspectedContainer;
    try {
      info = describe(c, task, imageDigests, images, metrics);
    } catch (e: unknown) {
      errors.push(e instanceof Error ? e : new Error(errorMessage(e)));
      continue;
    }
    const pod = pods.find((p) => p.name === info.podName);
    if (pod) pod.containers.push(info);
    else pods.push({ name: info.podName, containers: [info] });
  }
  return { pods, errors };
}

function describe(
  c: ContainerRecord,
  task: TaskRecord,
  imageDigests: ReadonlyMap<string, string>,
  imageNames: ReadonlyMap<string, string>,
  metrics: ReadonlyMap<string, ContainerMetrics | Error>,
): InspectedContainer {
  const digest = c.image === '' ? '' : (imageDigests.get(c.image) ?? '');
  const podName = c.labels[POD_NAME];
  const podNamespace = c.labels[POD_NAMESPACE];
  const pod = podName !== undefined && podNamespace !== undefined ? `${podNamespace}/${podName}` : c.id;
  const containerName = c.labels[CONTAINER_NAME];
  let m: ContainerMetrics | undefined;
  if (task.status === 'RUNNING') {
    const got = metrics.get(c.id);
    if (got instanceof Error) throw got;
    if (!got) throw new Error(`error pulling metrics for "${c.id}": not found`);
    m = got;
  }
  return {
    display: containerName !== undefined ? `${pod}:${containerName}` : pod,
    name: containerName ?? c.id,
    id: c.id,
    uid: '',
    image: imageNames.get(digest) ?? digest,
    pid: task.pid,
    status: task.status,
    podName: pod,
    networkNamespace: '',
    ...(m ? { metrics: m } : {}),
  };
}

/**
 * The container a Talos container id names (`ns/pod:container`, `ns/pod` for the sandbox, or a containerd
 * id), if it has a task; its containerd id.
 */
export async function findContainer(
  client: ContainerdClient,
  id: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  let filter: string;
  let sandboxOnly = false;
  const slash = id.indexOf('/');
  if (slash > 0) {
    let pod = id.slice(slash + 1);
    let name = '';
    const colon = pod.lastIndexOf(':');
    if (colon > 0) [pod, name] = [pod.slice(0, colon), pod.slice(colon + 1)];
    filter = `labels."${POD_NAMESPACE}"==${JSON.stringify(id.slice(0, slash))},labels."${POD_NAME}"==${JSON.stringify(pod)}`;
    if (name !== '') filter += `,labels."${CONTAINER_NAME}"==${JSON.stringify(name)}`;
    else sandboxOnly = true;
  } else {
    filter = `id==${JSON.stringify(id)}`;
  }
  for (const c of await client.containers([filter], { signal })) {
    if (sandboxOnly && c.labels[CONTAINER_NAME] !== undefined) continue;
    const tasks = await client.tasks(`id==${JSON.stringify(c.id)}`, { signal });
    if (tasks.some((t) => t.id === c.id)) return c.id;
  }
  return undefined;
}
