// The inventory of the objects Talos applied (go-kubernetes' ssa ConfigMap inventory, which talosctl
// upgrade-k8s also reads and writes): a ConfigMap whose data keys are the objects'
// `<namespace>_<name>_<group>_<kind>` (colons in names as `__`), values empty.
import { isNotFound, isAlreadyExists, type KubernetesClient } from './client';

export interface ObjMetadata {
  readonly namespace: string;
  readonly name: string;
  readonly group: string;
  readonly kind: string;
}

export function objMetadataString(o: ObjMetadata): string {
  return [o.namespace, o.name.replaceAll(':', '__'), o.group, o.kind].join('_');
}

export function parseObjMetadata(s: string): ObjMetadata {
  const first = s.indexOf('_');
  const last = s.lastIndexOf('_');
  const beforeLast = s.lastIndexOf('_', last - 1);
  if (first < 0 || beforeLast <= first)
    throw new RangeError(`not an object's inventory key: ${JSON.stringify(s)}`);
  return {
    namespace: s.slice(0, first),
    name: s.slice(first + 1, beforeLast).replaceAll('__', ':'),
    group: s.slice(beforeLast + 1, last),
    kind: s.slice(last + 1),
  };
}

const configMapPath = (namespace: string, name?: string): string =>
  `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;

export class ConfigMapInventory {
  private constructor(
    private readonly client: KubernetesClient,
    readonly namespace: string,
    readonly name: string,
    /** The objects' keys (objMetadataString). */
    readonly contents: Set<string>,
  ) {}

  /** Reads the inventory, creating its namespace and an empty ConfigMap when missing. */
  static async load(
    client: KubernetesClient,
    namespace: string,
    name: string,
    signal?: AbortSignal,
  ): Promise<ConfigMapInventory> {
    try {
      await client.get(`/api/v1/namespaces/${encodeURIComponent(namespace)}`, signal);
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
      await client
        .request('POST', '/api/v1/namespaces', {
          body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
          ...(signal !== undefined ? { signal } : {}),
        })
        .catch((err: unknown) => {
          if (!isAlreadyExists(err)) throw err;
        });
    }
    let data: Record<string, string> = {};
    try {
      const cm = await client.get<{ data?: Record<string, string> }>(configMapPath(namespace, name), signal);
      data = cm.data ?? {};
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
      await client.request('POST', configMapPath(namespace), {
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } },
        ...(signal !== undefined ? { signal } : {}),
      });
    }
    for (const key of Object.keys(data)) parseObjMetadata(key);
    return new ConfigMapInventory(client, namespace, name, new Set(Object.keys(data)));
  }

  has(o: ObjMetadata): boolean {
    return this.contents.has(objMetadataString(o));
  }

  add(o: ObjMetadata): void {
    this.contents.add(objMetadataString(o));
  }

  delete(o: ObjMetadata): void {
    this.contents.delete(objMetadataString(o));
  }

  /** Replaces the ConfigMap's data with the contents (an update, as the ssa inventory does). */
  async write(signal?: AbortSignal): Promise<void> {
    const data = Object.fromEntries([...this.contents].sort().map((k) => [k, '']));
    await this.client.request('PUT', configMapPath(this.namespace, this.name), {
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: this.name, namespace: this.namespace },
        data,
      },
      ...(signal !== undefined ? { signal } : {}),
    });
  }
}
