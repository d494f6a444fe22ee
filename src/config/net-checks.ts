// Checks for addresses, subnets, URLs and names used by the semantic validation.
// Each returns a short reason when the value is not acceptable, or undefined when it is.
// Reasons never quote the value.

import { isIP } from 'node:net';

/** `a.b.c.d` or an IPv6 address. */
export function isIPAddress(value: string): boolean {
  return isIP(value) !== 0;
}

/** `address/prefix` with a prefix length valid for the address family. */
export function isCIDR(value: string): boolean {
  const slash = value.lastIndexOf('/');
  if (slash <= 0) return false;
  const family = isIP(value.slice(0, slash));
  const bits = value.slice(slash + 1);
  if (family === 0 || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** An address, or a subnet in CIDR form. */
export function isIPOrCIDR(value: string): boolean {
  return value.includes('/') ? isCIDR(value) : isIPAddress(value);
}

/** A subnet or address filter, optionally negated with a leading `!`. */
export function isSubnetFilter(value: string): boolean {
  return isIPOrCIDR(value.startsWith('!') ? value.slice(1) : value);
}

interface EndpointParts {
  scheme: string;
  host: string;
  port: string;
  rest: string;
}

function splitEndpoint(value: string): EndpointParts | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s.exec(value);
  if (!m) return undefined;
  const scheme = m[1] ?? '';
  const authority = (m[2] ?? '').slice((m[2] ?? '').lastIndexOf('@') + 1);
  const rest = m[3] ?? '';
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) return { scheme, host: authority, port: '', rest };
    const after = authority.slice(close + 1);
    return {
      scheme,
      host: authority.slice(0, close + 1),
      port: after.startsWith(':') ? after.slice(1) : after,
      rest,
    };
  }
  const colons = authority.split(':').length - 1;
  if (colons > 1) return { scheme, host: authority, port: '', rest };
  const [host = '', port = ''] = authority.split(':');
  return { scheme, host, port, rest };
}

/**
 * An endpoint URL the way Talos checks it: `scheme://host[:port]…` with a non-empty host, IPv6
 * addresses in brackets and a numeric port in 1–65535. `schemes` restricts the scheme.
 */
export function endpointProblem(value: string, schemes?: readonly string[]): string | undefined {
  if (/\s/.test(value)) return 'must be a URL without spaces';
  const parts = splitEndpoint(value);
  if (!parts) return 'must be an absolute URL (scheme://host[:port])';
  const scheme = parts.scheme.toLowerCase();
  if (schemes && !schemes.includes(scheme)) return `must use one of the schemes ${schemes.join(', ')}`;
  if (parts.host.split(':').length - 1 > 1 && !parts.host.startsWith('[')) {
    return 'IPv6 addresses must be enclosed in square brackets';
  }
  if (parts.host.startsWith('[')) {
    if (!parts.host.endsWith(']') || isIP(parts.host.slice(1, -1)) !== 6)
      return 'has an invalid IPv6 address';
  }
  if (parts.host === '') return 'must include a host';
  if (parts.port !== '') {
    if (!/^\d+$/.test(parts.port)) return 'port must be numeric';
    const port = Number(parts.port);
    if (port < 1 || port > 65535) return 'port must be between 1 and 65535';
  }
  return undefined;
}

const DNS_LABEL = '[A-Za-z0-9_][A-Za-z0-9_-]{0,62}';
const DNS_NAME = new RegExp(`^${DNS_LABEL}(\\.${DNS_LABEL})*[._]?$`);

/** A DNS domain name as Talos accepts it for `cluster.network.dnsDomain`. */
export function isDNSName(value: string): boolean {
  if (value === '' || value.length - (value.split('.').length - 1) > 255) return false;
  return DNS_NAME.test(value);
}

/**
 * Hostname rules Talos enforces when it applies a hostname: the first label is 1–63 characters
 * and the whole name at most 253.
 */
export function hostnameProblem(value: string): string | undefined {
  const first = value.split('.', 1)[0] ?? '';
  if (first.length === 0 || first.length > 63) return 'must have a first label of 1 to 63 characters';
  if (value.length > 253) return 'must be at most 253 characters long';
  return undefined;
}

const RFC1123_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Whether every label is an RFC 1123 label (letters, digits, inner hyphens). */
export function isRFC1123Hostname(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  return name.split('.').every((label) => RFC1123_LABEL.test(label));
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kubernetes qualified name (`prefix/name` or `name`), as used for label, annotation and taint keys. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'has too many slashes';
  const name = parts[parts.length - 1] ?? '';
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix === '') return 'has an empty prefix';
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))
      return 'has an invalid prefix (must be a DNS subdomain)';
  }
  if (name === '') return 'has an empty name';
  if (name.length > 63) return 'has a name longer than 63 characters';
  if (!QUALIFIED_NAME.test(name)) return 'has an invalid name';
  return undefined;
}

/** Kubernetes label value: empty, or a qualified name of at most 63 characters. */
export function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && QUALIFIED_NAME.test(value));
}
