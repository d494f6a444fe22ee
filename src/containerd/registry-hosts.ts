// containerd's registry host configuration from a RegistriesConfig, as Talos renders it for the CRI:
// one directory per registry under the hosts directory (`_default` for `*`, `host_port_` for a host
// with a port), each with a hosts.toml listing the mirror endpoints in order (pull and resolve), the
// TLS files of an endpoint's host beside it; `skipFallback` makes the last endpoint the server, so the
// upstream registry is never tried. A host with TLS settings and no mirror gets a hosts.toml for its
// upstream server. The credentials go into the CRI plugin's registry configs (the registries part).
// `*` is written as `_default` and, for containerd 1.6, under the usual registries' names too.
import { join } from 'node:path';
import { defaultHostOf } from '../oci/image-ref';
import type {
  RegistriesConfigSpec,
  RegistryEndpointConfig,
  RegistryTLSConfig,
} from '../resources/cri/registries-config';

export class RegistryHostsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryHostsError';
  }
}

export interface HostsFile {
  readonly name: string;
  readonly content: string;
  readonly mode: number;
}

/** Directory name → its files. */
export type HostsDirectories = Map<string, HostsFile[]>;

/** containerd's directory name for a registry host. */
export function hostDirectory(host: string): string {
  if (host === '*') return '_default';
  const colon = host.lastIndexOf(':');
  return colon > 0 ? `${host.slice(0, colon)}_${host.slice(colon + 1)}_` : host;
}

const q = (s: string): string => JSON.stringify(s);

interface HostSettings {
  capabilities?: string[];
  overridePath?: boolean;
  ca?: string;
  client?: [string, string];
  skipVerify?: boolean;
}

function settingsLines(s: HostSettings, indent: string): string[] {
  const lines: string[] = [];
  if (s.capabilities) lines.push(`${indent}capabilities = [${s.capabilities.map(q).join(', ')}]`);
  if (s.overridePath) lines.push(`${indent}override_path = true`);
  if (s.ca !== undefined) lines.push(`${indent}ca = ${q(s.ca)}`);
  if (s.client) lines.push(`${indent}client = [[${q(s.client[0])}, ${q(s.client[1])}]]`);
  if (s.skipVerify) lines.push(`${indent}skip_verify = true`);
  return lines;
}

/** The TLS settings of `host` (and the files they name, in `files`). */
function tlsSettings(
  tls: RegistryTLSConfig | undefined,
  host: string,
  dir: string,
  files: HostsFile[],
): HostSettings {
  if (!tls) return {};
  const s: HostSettings = {};
  if (tls.insecureSkipVerify) s.skipVerify = true;
  if (tls.ca !== '') {
    const name = `${host}-ca.crt`;
    files.push({ name, content: tls.ca, mode: 0o600 });
    s.ca = join(dir, name);
  }
  if (tls.clientIdentity) {
    const crt = `${host}-client.crt`;
    const key = `${host}-client.key`;
    files.push({ name: crt, content: tls.clientIdentity.crt, mode: 0o600 });
    files.push({ name: key, content: tls.clientIdentity.key, mode: 0o600 });
    s.client = [join(dir, crt), join(dir, key)];
  }
  return s;
}

function endpointHost(e: RegistryEndpointConfig, registry: string): string {
  try {
    return new URL(e.endpoint).host;
  } catch {
    throw new RegistryHostsError(`error parsing endpoint "${e.endpoint}" for host "${registry}"`);
  }
}

/**
 * Registries the `*` mirror is also written for. Debian's containerd 1.6 knows no `_default` directory
 * (containerd 1.7 does): without these it would fall back to the public registries Kubernetes images
 * come from.
 */
export const WILDCARD_REGISTRIES = ['docker.io', 'gcr.io', 'ghcr.io', 'quay.io', 'registry.k8s.io'];

/** The mirrors with `*` also under each of WILDCARD_REGISTRIES that has none of its own. */
function expandWildcard(spec: RegistriesConfigSpec): RegistriesConfigSpec['mirrors'] {
  const wildcard = spec.mirrors['*'];
  if (!wildcard) return spec.mirrors;
  const mirrors = { ...spec.mirrors };
  for (const r of WILDCARD_REGISTRIES) mirrors[r] ??= wildcard;
  return mirrors;
}

/** The hosts directories for `spec`, their files naming paths under `hostsPath`. */
export function registryHosts(spec: RegistriesConfigSpec, hostsPath: string): HostsDirectories {
  const out: HostsDirectories = new Map();
  const mirrors = expandWildcard(spec);
  for (const registry of Object.keys(mirrors).sort()) {
    const mirror = mirrors[registry]!;
    const dirName = hostDirectory(registry);
    const dir = join(hostsPath, dirName);
    const files: HostsFile[] = [];
    const entries = mirror.endpoints.map((e) => {
      const host = endpointHost(e, registry);
      return {
        url: e.endpoint,
        settings: {
          capabilities: ['pull', 'resolve'],
          overridePath: e.overridePath,
          ...tlsSettings(spec.tls[host], host, dir, files),
        },
      };
    });
    const server = mirror.skipFallback ? entries.pop() : undefined;
    const lines: string[] = [];
    if (server) lines.push(`server = ${q(server.url)}`, ...settingsLines(server.settings, ''), '');
    for (const e of entries) lines.push(`[host.${q(e.url)}]`, ...settingsLines(e.settings, '  '), '');
    files.push({ name: 'hosts.toml', content: lines.join('\n'), mode: 0o600 });
    out.set(dirName, files);
  }
  for (const host of Object.keys(spec.tls).sort()) {
    const dirName = hostDirectory(host);
    const tls = spec.tls[host]!;
    if (out.has(dirName)) continue;
    if (tls.ca === '' && !tls.clientIdentity && !tls.insecureSkipVerify) continue;
    if (host === '*') throw new RegistryHostsError('wildcard host TLS configuration is not supported');
    const dir = join(hostsPath, dirName);
    const files: HostsFile[] = [];
    const settings = tlsSettings(tls, host, dir, files);
    const content = [
      `server = ${q(`https://${defaultHostOf(host)}`)}`,
      ...settingsLines(settings, ''),
      '',
    ].join('\n');
    files.push({ name: 'hosts.toml', content, mode: 0o600 });
    out.set(dirName, files);
  }
  return out;
}

/**
 * The CRI plugin's registry settings (containerd 1.6, config version 2): the hosts directory, and the
 * credentials of each registry host.
 */
export function criRegistriesPart(spec: RegistriesConfigSpec, hostsPath: string): string {
  const section = 'plugins."io.containerd.grpc.v1.cri".registry';
  const lines = [`[${section}]`, `  config_path = ${q(hostsPath)}`, ''];
  for (const host of Object.keys(spec.auths).sort()) {
    const a = spec.auths[host]!;
    lines.push(`[${section}.configs.${q(defaultHostOf(host))}.auth]`);
    if (a.username !== '') lines.push(`  username = ${q(a.username)}`);
    if (a.password !== '') lines.push(`  password = ${q(a.password)}`);
    if (a.auth !== '') lines.push(`  auth = ${q(a.auth)}`);
    if (a.identityToken !== '') lines.push(`  identitytoken = ${q(a.identityToken)}`);
    lines.push('');
  }
  return lines.join('\n');
}
