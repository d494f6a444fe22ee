// Where to fetch an image from: the mirrors configured for its registry (`machine.registries.mirrors`,
// keyed by registry name, `*` for any), then the registry itself over HTTPS unless the mirror entry
// says `skipFallback`. An endpoint's URL path is the API root; `/v2` is appended unless it already ends
// so or the entry says `overridePath`.
import { defaultHostOf } from './image-ref';

export interface RegistryEndpoint {
  /** `http://10.0.2.2:5000`, `https://mirror.example/v2/proxy`… */
  readonly url: string;
  /** Use the URL's path as the API root as is (no `/v2` appended). */
  readonly overridePath?: boolean;
}

export interface RegistryMirror {
  readonly endpoints: readonly (string | RegistryEndpoint)[];
  readonly skipFallback?: boolean;
}

const asEndpoint = (e: string | RegistryEndpoint): RegistryEndpoint =>
  typeof e === 'string' ? { url: e } : e;

/** The endpoints to try, in order, for a registry domain (`docker.io`, `ghcr.io`…). */
export function registryEndpoints(
  domain: string,
  mirrors: Readonly<Record<string, RegistryMirror>> = {},
): RegistryEndpoint[] {
  const upstream: RegistryEndpoint = { url: `https://${defaultHostOf(domain)}` };
  const mirror = mirrors[domain] ?? mirrors['*'];
  if (mirror === undefined) return [upstream];
  const listed = mirror.endpoints.map(asEndpoint);
  return mirror.skipFallback === true ? listed : [...listed, upstream];
}

/** The API root of an endpoint (`http://10.0.2.2:5000/v2`), without a trailing slash. */
export function apiRoot(endpoint: string | RegistryEndpoint): string {
  const e = asEndpoint(endpoint);
  let u: URL;
  try {
    u = new URL(e.url);
  } catch {
    throw new TypeError(`invalid registry endpoint "${e.url}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new TypeError(`invalid registry endpoint "${e.url}": scheme must be http or https`);
  }
  let path = u.pathname.replace(/\/+/g, '/').replace(/\/$/, '');
  if (e.overridePath !== true && !path.endsWith('/v2')) path += '/v2';
  return `${u.protocol}//${u.host}${path}`;
}
