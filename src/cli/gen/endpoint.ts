// Validation of the cluster endpoint argument of `gen config`, following talosctl's rules:
// an absolute https:// URL with a non-empty host, IPv6 literals in brackets, and a port (if any) in 1..65535.
// Errors suggest a corrected URL the way talosctl does (https scheme, default port 6443).

export const DEFAULT_CONTROL_PLANE_PORT = 6443;

export class EndpointError extends Error {
  override name = 'EndpointError';
}

interface Loose {
  scheme: string;
  host: string; // host[:port], IPv6 in brackets
  rest: string; // path, query, fragment
}

function splitLoose(input: string): Loose {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/.exec(input);
  if (m) return { scheme: (m[1] ?? '').toLowerCase(), host: m[2] ?? '', rest: m[3] ?? '' };
  const slash = input.search(/[/?#]/);
  return slash < 0
    ? { scheme: '', host: input, rest: '' }
    : { scheme: '', host: input.slice(0, slash), rest: input.slice(slash) };
}

function splitHostPort(hostport: string): { hostname: string; port: string } {
  const withoutUserinfo = hostport.includes('@') ? hostport.slice(hostport.lastIndexOf('@') + 1) : hostport;
  if (withoutUserinfo.startsWith('[')) {
    const end = withoutUserinfo.indexOf(']');
    if (end < 0) return { hostname: withoutUserinfo, port: '' };
    const after = withoutUserinfo.slice(end + 1);
    return { hostname: withoutUserinfo.slice(1, end), port: after.startsWith(':') ? after.slice(1) : '' };
  }
  const colons = withoutUserinfo.split(':').length - 1;
  if (colons === 1) {
    const i = withoutUserinfo.indexOf(':');
    return { hostname: withoutUserinfo.slice(0, i), port: withoutUserinfo.slice(i + 1) };
  }
  return { hostname: withoutUserinfo, port: '' };
}

function suggestion(l: Loose): string {
  const { port } = splitHostPort(l.host);
  const host = port === '' ? `${l.host}:${DEFAULT_CONTROL_PLANE_PORT}` : l.host;
  return `https://${host}${l.rest}`;
}

export interface ParsedEndpoint {
  url: string;
  /** host name or IP, IPv6 without brackets */
  hostname: string;
  /** explicit port, or undefined when none was given */
  port?: number;
}

/** Validates a cluster endpoint URL; throws EndpointError with a talosctl-like message and suggestion. */
export function parseClusterEndpoint(endpoint: string): ParsedEndpoint {
  const input = endpoint.trim();
  if (input === '') throw new EndpointError('cluster endpoint must not be empty');
  const loose = splitLoose(input);
  if (loose.scheme === '') {
    const { port } = splitHostPort(loose.host);
    if (port === '')
      throw new EndpointError(
        `no scheme and port specified for the cluster endpoint URL\ntry: "${suggestion(loose)}"`,
      );
    throw new EndpointError(`no scheme specified for the cluster endpoint URL\ntry: "${suggestion(loose)}"`);
  }
  if (loose.scheme !== 'https') {
    throw new EndpointError(
      `the control plane endpoint URL should have scheme https://\ntry: "${suggestion(loose)}"`,
    );
  }
  const hostport = loose.host;
  if ((hostport.match(/:/g) ?? []).length > 2 && !(hostport.includes('[') && hostport.includes(']'))) {
    throw new EndpointError(
      'error validating the cluster endpoint URL: IPv6 addresses MUST be enclosed by square brackets',
    );
  }
  const { hostname, port } = splitHostPort(hostport);
  if (hostname === '')
    throw new EndpointError('error validating the cluster endpoint URL: hostname must not be blank');
  if (/\s/.test(input))
    throw new EndpointError('failed to parse the cluster endpoint URL: invalid character " " in host name');
  let portNum: number | undefined;
  if (port !== '') {
    if (!/^\d+$/.test(port))
      throw new EndpointError('error validating the cluster endpoint URL: port number must be numeric');
    portNum = Number(port);
    if (portNum < 1 || portNum > 65535)
      throw new EndpointError(
        'error validating the cluster endpoint URL: port number must be between 1 and 65535',
      );
  }
  // scheme normalized to lower case (as Go's url.URL.String() prints it)
  const url = `https://${hostport}${loose.rest}`;
  return portNum === undefined ? { url, hostname } : { url, hostname, port: portNum };
}
