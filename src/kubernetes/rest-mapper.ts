// Kinds to resources through the API server's discovery (client-go's deferred discovery REST mapper):
// `apiVersion` + `kind` → the resource's plural name and whether it is namespaced, and objects' URLs.
// A group version is asked for once and asked again when a kind is not found in it (a CRD applied since).
import { isNotFound, type KubernetesClient } from './client';

export interface ResourceMapping {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly namespaced: boolean;
}

/** No resource of this kind is served (client-go's NoKindMatchError). */
export class NoKindMatchError extends Error {
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(`no matches for kind "${kind}" in version "${apiVersion}"`);
    this.name = 'NoKindMatchError';
  }
}

interface APIResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const at = apiVersion.lastIndexOf('/');
  return at < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, at), version: apiVersion.slice(at + 1) };
}

const groupVersionPath = (apiVersion: string): string =>
  splitApiVersion(apiVersion).group === '' ? `/api/${apiVersion}` : `/apis/${apiVersion}`;

export class RestMapper {
  private readonly cache = new Map<string, APIResource[]>();

  constructor(private readonly client: KubernetesClient) {}

  private async resources(apiVersion: string, fresh: boolean, signal?: AbortSignal): Promise<APIResource[]> {
    const cached = this.cache.get(apiVersion);
    if (cached && !fresh) return cached;
    let list: APIResource[];
    try {
      const res = await this.client.get<{ resources?: APIResource[] }>(groupVersionPath(apiVersion), signal);
      list = (res.resources ?? []).filter((r) => !r.name.includes('/'));
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
      list = [];
    }
    this.cache.set(apiVersion, list);
    return list;
  }

  async mapping(apiVersion: string, kind: string, signal?: AbortSignal): Promise<ResourceMapping> {
    for (const fresh of [false, true]) {
      const found = (await this.resources(apiVersion, fresh, signal)).find((r) => r.kind === kind);
      if (found)
        return { ...splitApiVersion(apiVersion), resource: found.name, namespaced: found.namespaced };
    }
    throw new NoKindMatchError(apiVersion, kind);
  }
}

/** The URL of an object (or, without a name, of its collection). */
export function objectPath(m: ResourceMapping, name?: string, namespace?: string): string {
  const gv = m.group === '' ? `/api/${m.version}` : `/apis/${m.group}/${m.version}`;
  const ns = m.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${gv}${ns}/${m.resource}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
}
