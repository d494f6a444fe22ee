// machine.MachineService Containers, Stats and Restart (Talos v1.13 v1alpha1_server.go): the containers
// of one containerd namespace with a task — `system` from the system containerd, any other namespace
// from the CRI instance — grouped into pods; Stats lists the running ones with their memory and CPU
// usage; Restart sends SIGTERM to one container's task (its supervisor or kubelet starts it again).
import { status } from '@grpc/grpc-js';
import { K8S_NAMESPACE, socketForNamespace } from '../../../../services/containerd-config';
import { ContainerdClient, ContainerdError } from '../../../containerd/client';
import { findContainer, inspectPods, type PodsResult } from '../../../containerd/inspector';
import { ApiError } from '../../../grpc/errors';
import type * as machine from '../../../gen/api/machine';
import { implement, type Implementation } from '../../../grpc/handler';
import type { Logger } from '../../../log';

type ContainersRequest = Pick<machine.ContainersRequest, 'namespace' | 'driver'>;

export interface ContainersApiOptions {
  /** The directory standing in for `/`. */
  readonly rootDir: string;
  readonly logger?: Logger;
}

/** Talos getContainerInspector's checks; the CRI driver is answered from containerd's view of k8s.io. */
function socketFor(rootDir: string, req: ContainersRequest): { socket: string; namespace: string } {
  const namespace = req.namespace ?? '';
  if (namespace === '') throw new ApiError(status.INVALID_ARGUMENT, "namespace can't be empty");
  const driver = req.driver ?? 'CONTAINERD';
  if (driver === 'CRI') {
    if (namespace !== K8S_NAMESPACE)
      throw new ApiError(status.UNKNOWN, 'CRI inspector is supported only for K8s namespace');
  } else if (driver !== 'CONTAINERD') {
    throw new ApiError(status.INVALID_ARGUMENT, `unsupported driver "${String(driver)}"`);
  }
  return { socket: socketForNamespace(rootDir, namespace), namespace };
}

const SIGTERM = 15;

type RestartRequest = ContainersRequest & Pick<machine.RestartRequest, 'id'>;

/** Talos's Restart: the container must exist (with a task); its task gets SIGTERM. */
async function restart(opts: ContainersApiOptions, req: RestartRequest, signal: AbortSignal): Promise<void> {
  const { socket, namespace } = socketFor(opts.rootDir, req);
  const id = req.id ?? '';
  const client = new ContainerdClient(socket, namespace);
  try {
    const found = await findContainer(client, id, signal);
    if (found === undefined) throw new ApiError(status.UNKNOWN, `container ${JSON.stringify(id)} not found`);
    await client.killTask(found, SIGTERM, false, { signal });
  } catch (e: unknown) {
    if (e instanceof ContainerdError) throw new ApiError(e.code, e.message);
    throw e;
  } finally {
    client.close();
  }
}

async function pods(
  opts: ContainersApiOptions,
  req: ContainersRequest,
  signal: AbortSignal,
): Promise<PodsResult> {
  const { socket, namespace } = socketFor(opts.rootDir, req);
  const client = new ContainerdClient(socket, namespace);
  try {
    const result = await inspectPods(client, signal);
    for (const e of result.errors)
      opts.logger?.warn({ namespace, error: e.message }, 'container inspection failed');
    return result;
  } catch (e: unknown) {
    if (e instanceof ContainerdError) throw new ApiError(e.code, e.message);
    throw e;
  } finally {
    client.close();
  }
}

export function containersApi(opts: ContainersApiOptions): Implementation<'machine.MachineService'> {
  return implement('machine.MachineService', {
    Containers: async (req, ctx) => {
      const namespace = req.namespace ?? '';
      const { pods: list } = await pods(opts, req, ctx.signal);
      const containers = list.flatMap((pod) =>
        pod.containers.map((c) => ({
          namespace,
          id: c.display,
          internal_id: c.id,
          uid: c.uid,
          pod_id: pod.name,
          name: c.name,
          image: c.image,
          pid: c.pid,
          status: c.status,
          network_namespace: c.networkNamespace,
        })),
      );
      return { messages: [{ containers }] };
    },
    Stats: async (req, ctx) => {
      const namespace = req.namespace ?? '';
      const { pods: list } = await pods(opts, req, ctx.signal);
      const stats = list.flatMap((pod) =>
        pod.containers.flatMap((c) =>
          c.metrics
            ? [
                {
                  namespace,
                  id: c.display,
                  pod_id: pod.name,
                  name: c.name,
                  memory_usage: c.metrics.memoryUsage,
                  cpu_usage: c.metrics.cpuUsage,
                },
              ]
            : [],
        ),
      );
      return { messages: [{ stats }] };
    },
    Restart: async (req, ctx) => {
      await restart(opts, req, ctx.signal);
      return { messages: [{}] };
    },
  });
}
