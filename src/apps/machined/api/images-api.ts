// Images in the node's containerd instances: MachineService ImageList and ImagePull (the CRI instance,
// `talosctl image list|pull` before 1.13) and the ImageService of Talos 1.13 (List, Pull, Remove; any
// instance and namespace: `talosctl image list|pull|remove`). Each image's size is that of its
// manifest for this platform, its config and its layers, as containerd's image.Size. A pull goes
// through the registry mirrors of the image's registry, as the kubelet image's does (never the public
// registry: the nodes are air-gapped by design); the result is named as asked and, for the
// ImageService, answered pinned to its digest. Import and Verify: image-import-api.ts, image-verify-api.ts.
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import {
  K8S_NAMESPACE,
  SYSTEM_NAMESPACE,
  criContainerdPaths,
  systemContainerdPaths,
} from '../../../../services/containerd-config';
import { KUBELET_PULL_FILES, NoRegistryMirrorError, pullSettings } from '../../../../services/kubelet';
import {
  ContainerdClient,
  ContainerdError,
  DEFAULT_SNAPSHOTTER,
  isNotFound,
} from '../../../containerd/client';
import { pickManifest } from '../../../containerd/image';
import { ImagePullError, pullImage } from '../../../containerd/image-pull';
import type { ImageRecord } from '../../../containerd/records';
import { errorMessage } from '../../../error-message';
import type * as common from '../../../gen/api/common';
import { ApiError } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import { isInvalidImageRefError, parseImageRef } from '../../../oci/image-ref';
import type { State } from '../../../state';

export interface ImagesApiOptions {
  readonly rootDir: string;
  readonly state: State;
}

export interface Instance {
  readonly socket: string;
  readonly namespace: string;
}

function namespaceOf(ns: common.ContainerdNamespace | number | undefined): string {
  if (ns === 'NS_CRI') return K8S_NAMESPACE;
  if (ns === 'NS_SYSTEM') return SYSTEM_NAMESPACE;
  throw new ApiError(status.INVALID_ARGUMENT, `invalid containerd namespace ${String(ns ?? 'NS_UNKNOWN')}`);
}

/** Talos's ContainerdInstanceHelper: the system instance (CONTAINERD) or the CRI one, and a namespace. */
export function instanceOf(rootDir: string, i: common.ContainerdInstance | null): Instance {
  const driver = i?.driver ?? 'CONTAINERD';
  const namespace = namespaceOf(i?.namespace);
  if (driver === 'CONTAINERD') {
    if (namespace === K8S_NAMESPACE)
      throw new ApiError(status.INVALID_ARGUMENT, 'cannot use CRI namespace with containerd driver');
    return { socket: systemContainerdPaths(rootDir).socket, namespace };
  }
  if (driver === 'CRI') return { socket: criContainerdPaths(rootDir).socket, namespace };
  throw new ApiError(status.INVALID_ARGUMENT, `invalid containerd driver ${String(driver)}`);
}

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: { os?: string; architecture?: string };
}

/** The bytes of an image for this platform; undefined when some of its content is missing. */
async function imageSize(
  client: ContainerdClient,
  image: ImageRecord,
  signal: AbortSignal,
): Promise<number | undefined> {
  if (!image.target) return undefined;
  try {
    let total = Number(image.target.size);
    let desc: Descriptor = { mediaType: image.target.media_type, digest: image.target.digest };
    for (let depth = 0; INDEX_TYPES.has(desc.mediaType ?? ''); depth++) {
      if (depth > 3) return undefined;
      const index = JSON.parse((await client.readContent(desc.digest, { signal })).toString()) as {
        manifests?: Descriptor[];
      };
      const picked = pickManifest(index.manifests ?? []);
      if (!picked) return undefined;
      total += picked.size ?? 0;
      desc = picked;
    }
    const manifest = JSON.parse((await client.readContent(desc.digest, { signal })).toString()) as {
      config?: Descriptor;
      layers?: Descriptor[];
    };
    total += manifest.config?.size ?? 0;
    for (const l of manifest.layers ?? []) total += l.size ?? 0;
    return total;
  } catch {
    return undefined;
  }
}

async function withClient<T>(inst: Instance, fn: (c: ContainerdClient) => Promise<T>): Promise<T> {
  const client = new ContainerdClient(inst.socket, inst.namespace);
  try {
    return await fn(client);
  } catch (e: unknown) {
    if (e instanceof ContainerdError) throw new ApiError(e.code, e.message);
    throw e;
  } finally {
    client.close();
  }
}

/** Pulls `ref` into an instance unless it is there already; the image record. */
async function pull(
  o: ImagesApiOptions,
  inst: Instance,
  ref: string,
  signal: AbortSignal,
): Promise<ImageRecord> {
  let image;
  try {
    image = parseImageRef(ref);
  } catch (e: unknown) {
    if (isInvalidImageRefError(e)) throw new ApiError(status.INVALID_ARGUMENT, e.message);
    throw e;
  }
  const name = image.canonical;
  return withClient(inst, async (client) => {
    try {
      return await client.getImage(name, { signal });
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
    }
    try {
      const settings = await pullSettings(o.state, name, join(o.rootDir, KUBELET_PULL_FILES));
      await pullImage({
        socket: inst.socket,
        namespace: inst.namespace,
        ref: name,
        snapshotter: DEFAULT_SNAPSHOTTER,
        ...settings,
        signal,
      });
    } catch (e: unknown) {
      if (e instanceof NoRegistryMirrorError) throw new ApiError(status.FAILED_PRECONDITION, e.message);
      if (e instanceof ImagePullError) {
        const notFound = /not found/i.test(e.reason);
        throw new ApiError(notFound ? status.NOT_FOUND : status.UNKNOWN, `error pulling image: ${e.message}`);
      }
      throw e;
    }
    return client.getImage(name, { signal });
  });
}

const timestamp = (t: ImageRecord['created_at']) => (t ? { seconds: t.seconds, nanos: t.nanos } : null);

export function imageListApi(o: ImagesApiOptions): Implementation<'machine.MachineService'> {
  return implement('machine.MachineService', {
    ImageList: async (req, ctx, send) => {
      const inst = { socket: criContainerdPaths(o.rootDir).socket, namespace: namespaceOf(req.namespace) };
      await withClient(inst, async (client) => {
        for (const image of await client.images([], { signal: ctx.signal })) {
          const size = await imageSize(client, image, ctx.signal);
          await send({
            name: image.name,
            digest: image.target?.digest ?? '',
            ...(size !== undefined ? { size } : {}),
            created_at: timestamp(image.created_at),
          });
        }
      });
    },

    ImagePull: async (req, ctx) => {
      const inst = { socket: criContainerdPaths(o.rootDir).socket, namespace: namespaceOf(req.namespace) };
      await pull(o, inst, req.reference, ctx.signal);
      return { messages: [{}] };
    },
  });
}

export function imageServiceApi(o: ImagesApiOptions): Implementation<'machine.ImageService'> {
  return implement('machine.ImageService', {
    List: async (req, ctx, send) => {
      await withClient(instanceOf(o.rootDir, req.containerd), async (client) => {
        for (const image of await client.images([], { signal: ctx.signal })) {
          const size = await imageSize(client, image, ctx.signal);
          await send({
            name: image.name,
            digest: image.target?.digest ?? '',
            ...(size !== undefined ? { size } : {}),
            created_at: timestamp(image.created_at),
            labels: image.labels,
          });
        }
      });
    },

    Pull: async (req, ctx, send) => {
      const record = await pull(o, instanceOf(o.rootDir, req.containerd), req.image_ref, ctx.signal);
      const digest = record.target?.digest ?? '';
      const pinned = record.name.includes('@')
        ? record.name
        : `${record.name.replace(/:[^:/]+$/, '')}@${digest}`;
      await send({ name: pinned });
    },

    Remove: async (req, ctx) => {
      const inst = instanceOf(o.rootDir, req.containerd);
      await withClient(inst, async (client) => {
        try {
          await client.deleteImage(req.image_ref, { signal: ctx.signal });
        } catch (e: unknown) {
          if (isNotFound(e)) throw new ApiError(status.NOT_FOUND, `image ${req.image_ref} not found`);
          throw new ApiError(status.INTERNAL, `failed to remove image ${req.image_ref}: ${errorMessage(e)}`);
        }
      });
      return {};
    },
  });
}
