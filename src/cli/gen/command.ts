// `talos-ts gen ...`: argv handling for `gen secrets` and `gen config`, modelled on talosctl's flags.

import { isAbsolute, join, resolve as resolvePath } from 'node:path';

import { pathExists } from '../../files/path-exists';
import { errorMessage } from '../../error-message';
import { FileExistsError, isFileExistsError, writeFileAtomic } from '../../files/atomic-write';
import { DEFAULT_INSTALL_DISK, DEFAULT_INSTALLER_IMAGE, generateMachineConfig } from './config';
import { DEFAULT_DNS_DOMAIN, DEFAULT_KUBERNETES_VERSION } from '../../k8s/defaults';
import { parseClusterEndpoint } from './endpoint';
import {
  generateSecretsBundle,
  loadSecretsBundle,
  serializeSecretsBundle,
  type SecretsBundle,
} from './secrets-bundle';
import { generateTalosconfig } from './talosconfig';

export interface GenIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** base for relative paths; default process.cwd() */
  cwd?: string;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

const SECRETS_FILE_MODE = 0o600;
/** Directories made for the output, as `mkdir -p` makes them (the umask applies). */
const DIR_MODE = 0o777;

type FlagKind = 'string' | 'bool' | 'list';
interface FlagSpec {
  name: string;
  short?: string;
  kind: FlagKind;
}

interface Parsed {
  positionals: string[];
  strings: Map<string, string>;
  bools: Map<string, boolean>;
  lists: Map<string, string[]>;
}

function parseFlags(args: readonly string[], specs: readonly FlagSpec[]): Parsed {
  const out: Parsed = { positionals: [], strings: new Map(), bools: new Map(), lists: new Map() };
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      out.positionals.push(...args.slice(i + 1));
      break;
    }
    let spec: FlagSpec | undefined;
    let inline: string | undefined;
    let shown: string;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
      spec = byLong.get(name);
      shown = `--${name}`;
    } else if (arg.startsWith('-') && arg.length > 1) {
      const name = arg.slice(1, 2);
      spec = byShort.get(name);
      inline = arg.length > 2 ? arg.slice(2).replace(/^=/, '') : undefined;
      shown = `-${name}`;
    } else {
      out.positionals.push(arg);
      continue;
    }
    if (!spec) throw new UsageError(`unknown flag: ${shown}`);
    if (spec.kind === 'bool') {
      if (inline === undefined) out.bools.set(spec.name, true);
      else if (/^(true|1|t|TRUE|True)$/.test(inline)) out.bools.set(spec.name, true);
      else if (/^(false|0|f|FALSE|False)$/.test(inline)) out.bools.set(spec.name, false);
      else throw new UsageError(`invalid argument "${inline}" for "${shown}" flag: expected a boolean`);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = args[i + 1];
      if (next === undefined) throw new UsageError(`flag needs an argument: ${shown}`);
      value = next;
      i++;
    }
    if (spec.kind === 'string') out.strings.set(spec.name, value);
    else {
      const items = value === '' ? [] : value.split(',').map((v) => v.trim());
      out.lists.set(spec.name, [...(out.lists.get(spec.name) ?? []), ...items]);
    }
  }
  return out;
}

const SECRETS_FLAGS: FlagSpec[] = [
  { name: 'output-file', short: 'o', kind: 'string' },
  { name: 'force', short: 'f', kind: 'bool' },
  { name: 'help', short: 'h', kind: 'bool' },
];

const CONFIG_FLAGS: FlagSpec[] = [
  { name: 'output', short: 'o', kind: 'string' },
  { name: 'output-dir', kind: 'string' },
  { name: 'output-types', short: 't', kind: 'list' },
  { name: 'with-secrets', kind: 'string' },
  { name: 'force', short: 'f', kind: 'bool' },
  { name: 'kubernetes-version', kind: 'string' },
  { name: 'install-disk', kind: 'string' },
  { name: 'install-image', kind: 'string' },
  { name: 'additional-sans', kind: 'list' },
  { name: 'dns-domain', kind: 'string' },
  { name: 'with-docs', kind: 'bool' },
  { name: 'with-examples', kind: 'bool' },
  { name: 'with-cluster-discovery', kind: 'bool' },
  { name: 'registry-mirror', kind: 'list' },
  { name: 'help', short: 'h', kind: 'bool' },
];

const GEN_USAGE = `Usage:
  talos-ts gen secrets [-o secrets.yaml] [--force]
  talos-ts gen config <cluster name> <cluster endpoint> [flags]
`;

const SECRETS_USAGE = `Usage:
  talos-ts gen secrets [flags]

Flags:
  -o, --output-file string   path of the output file, or "-" for stdout (default "secrets.yaml")
  -f, --force                overwrite existing files
`;

const CONFIG_USAGE = `Usage:
  talos-ts gen config <cluster name> <cluster endpoint> [flags]

The cluster endpoint is the https:// URL of the Kubernetes API (e.g. https://10.5.0.2:6443).

Flags:
  -o, --output string               output directory (default: current directory)
      --output-dir string           output directory (same as --output)
  -t, --output-types strings        controlplane,worker,talosconfig (default all)
      --with-secrets string         use a secrets file generated with 'gen secrets'
  -f, --force                       overwrite existing files
      --kubernetes-version string   (default "${DEFAULT_KUBERNETES_VERSION}")
      --install-disk string         (default "${DEFAULT_INSTALL_DISK}")
      --install-image string        (default "${DEFAULT_INSTALLER_IMAGE}")
      --additional-sans strings     additional Subject-Alt-Names for the API server certificate
      --dns-domain string           (default "${DEFAULT_DNS_DOMAIN}")
      --with-docs                   talosctl's documented key layout (default true)
      --with-examples               (default true)
      --with-cluster-discovery      (default true)
      --registry-mirror strings     list of registry mirrors to use in format: <registry host>=<mirror URL>
`;

function absPath(io: GenIO, p: string): string {
  return isAbsolute(p) ? p : resolvePath(io.cwd ?? process.cwd(), p);
}

async function runSecrets(args: string[], io: GenIO): Promise<number> {
  const f = parseFlags(args, SECRETS_FLAGS);
  if (f.bools.get('help')) {
    io.stdout.write(SECRETS_USAGE);
    return 0;
  }
  if (f.positionals.length > 0)
    throw new UsageError(
      `unknown command "${f.positionals[0] ?? ''}" for "gen secrets" (it takes no arguments)`,
    );
  const output = f.strings.get('output-file') ?? 'secrets.yaml';
  if (output === '') throw new UsageError('--output-file must not be empty');
  const force = f.bools.get('force') ?? false;
  const target = output === '-' ? '-' : absPath(io, output);
  if (target !== '-' && !force && (await pathExists(target))) throw new FileExistsError(target);
  const bundle = await generateSecretsBundle();
  const text = serializeSecretsBundle(bundle);
  if (target === '-') {
    io.stdout.write(text);
    return 0;
  }
  await writeFileAtomic(target, text, { mode: SECRETS_FILE_MODE, dirMode: DIR_MODE, overwrite: force });
  return 0;
}

const OUTPUT_TYPES = ['controlplane', 'worker', 'talosconfig'] as const;
type OutputType = (typeof OUTPUT_TYPES)[number];

export interface GenerateConfigFilesOptions {
  clusterName: string;
  endpoint: string;
  secrets?: SecretsBundle;
  kubernetesVersion?: string;
  installDisk?: string;
  installImage?: string;
  additionalSANs?: string[];
  dnsDomain?: string;
  discovery?: boolean;
  withDocs?: boolean;
  /** talosconfig endpoints; default none, as talosctl gen config (set them with `talosctl config endpoint`) */
  talosconfigEndpoints?: string[];
  /** CN of the talosconfig client certificate; default none, as talosctl */
  talosconfigCommonName?: string;
  /** `--registry-mirror <registry host>=<mirror URL>`, in flag order */
  registryMirrors?: readonly string[];
}

/** talosctl's `--registry-mirror` values: registry host → its endpoints, in the order given. */
export function parseRegistryMirrors(specs: readonly string[]): Record<string, string[]> {
  const mirrors: Record<string, string[]> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq < 0) throw new UsageError(`invalid registry mirror spec: ${JSON.stringify(spec)}`);
    (mirrors[spec.slice(0, eq)] ??= []).push(spec.slice(eq + 1));
  }
  return mirrors;
}

export interface ConfigFiles {
  controlplane: string;
  worker: string;
  talosconfig: string;
  secrets: SecretsBundle;
}

/** Generates the three files `gen config` writes (without writing them). */
export async function generateConfigFiles(opts: GenerateConfigFilesOptions): Promise<ConfigFiles> {
  if (!opts.clusterName) throw new UsageError('cluster name must not be empty');
  const ep = parseClusterEndpoint(opts.endpoint);
  const secrets = opts.secrets ?? (await generateSecretsBundle());
  const common = {
    clusterName: opts.clusterName,
    endpoint: ep.url,
    secrets,
    ...(opts.kubernetesVersion !== undefined ? { kubernetesVersion: opts.kubernetesVersion } : {}),
    ...(opts.installDisk !== undefined ? { installDisk: opts.installDisk } : {}),
    ...(opts.installImage !== undefined ? { installImage: opts.installImage } : {}),
    ...(opts.additionalSANs !== undefined ? { additionalSANs: opts.additionalSANs } : {}),
    ...(opts.dnsDomain !== undefined ? { dnsDomain: opts.dnsDomain } : {}),
    ...(opts.discovery !== undefined ? { discovery: opts.discovery } : {}),
    ...(opts.withDocs !== undefined ? { withDocs: opts.withDocs } : {}),
    ...(opts.registryMirrors !== undefined
      ? { registryMirrors: parseRegistryMirrors(opts.registryMirrors) }
      : {}),
  };
  const { yaml: talosconfig } = await generateTalosconfig({
    contextName: opts.clusterName,
    osCA: secrets.certs.os,
    endpoints: opts.talosconfigEndpoints ?? [],
    commonName: opts.talosconfigCommonName ?? '',
  });
  return {
    controlplane: generateMachineConfig('controlplane', common),
    worker: generateMachineConfig('worker', common),
    talosconfig,
    secrets,
  };
}

async function runConfig(args: string[], io: GenIO): Promise<number> {
  const f = parseFlags(args, CONFIG_FLAGS);
  if (f.bools.get('help')) {
    io.stdout.write(CONFIG_USAGE);
    return 0;
  }
  if (f.positionals.length !== 2) {
    throw new UsageError(`accepts 2 arg(s), received ${f.positionals.length}\n\n${CONFIG_USAGE}`);
  }
  const [clusterName = '', endpoint = ''] = f.positionals;
  if (clusterName.trim() === '') throw new UsageError('cluster name must not be empty');
  parseClusterEndpoint(endpoint); // fail fast on a bad URL, before loading or generating anything

  if (f.strings.has('output') && f.strings.has('output-dir'))
    throw new UsageError("can't use both --output-dir and --output");
  const outArg = f.strings.get('output-dir') ?? f.strings.get('output') ?? '.';
  if (outArg === '-')
    throw new UsageError('writing to stdout is not supported by gen config; use --output DIR');
  if (outArg === '') throw new UsageError('--output must not be empty');
  const outDir = absPath(io, outArg);

  const types = f.lists.get('output-types') ?? [...OUTPUT_TYPES];
  if (types.length === 0) throw new UsageError('at least one output type must be specified');
  for (const t of types) {
    if (!(OUTPUT_TYPES as readonly string[]).includes(t))
      throw new UsageError(`invalid output type: "${t}" (valid: ${OUTPUT_TYPES.join(', ')})`);
  }
  const force = f.bools.get('force') ?? false;
  const names: Record<OutputType, string> = {
    controlplane: 'controlplane.yaml',
    worker: 'worker.yaml',
    talosconfig: 'talosconfig',
  };
  const targets = [...new Set(types as OutputType[])].map((t) => ({ type: t, path: join(outDir, names[t]) }));

  if (!force) {
    for (const t of targets) if (await pathExists(t.path)) throw new FileExistsError(t.path);
  }

  let secrets: SecretsBundle | undefined;
  const withSecrets = f.strings.get('with-secrets');
  if (withSecrets !== undefined) {
    try {
      secrets = await loadSecretsBundle(absPath(io, withSecrets));
    } catch (err: unknown) {
      throw new Error(`failed to load secrets bundle: ${errorMessage(err)}`, {
        cause: err,
      });
    }
  }

  const withDocs = (f.bools.get('with-docs') ?? true) || (f.bools.get('with-examples') ?? true);
  io.stderr.write('generating PKI and tokens\n');
  const files = await generateConfigFiles({
    clusterName,
    endpoint,
    ...(secrets ? { secrets } : {}),
    kubernetesVersion: f.strings.get('kubernetes-version') ?? DEFAULT_KUBERNETES_VERSION,
    installDisk: f.strings.get('install-disk') ?? DEFAULT_INSTALL_DISK,
    installImage: f.strings.get('install-image') ?? DEFAULT_INSTALLER_IMAGE,
    additionalSANs: f.lists.get('additional-sans') ?? [],
    dnsDomain: f.strings.get('dns-domain') ?? DEFAULT_DNS_DOMAIN,
    discovery: f.bools.get('with-cluster-discovery') ?? true,
    withDocs,
    registryMirrors: f.lists.get('registry-mirror') ?? [],
  });

  for (const t of targets) {
    await writeFileAtomic(t.path, files[t.type], {
      mode: SECRETS_FILE_MODE,
      dirMode: DIR_MODE,
      overwrite: force,
    });
    io.stderr.write(`Created ${t.path}\n`);
  }
  return 0;
}

/**
 * Entry point for `talos-ts gen ...`. `argv` is what follows "gen" (a leading "gen" is tolerated).
 * Returns the process exit code: 0 on success, 1 on any error (message on stderr).
 */
export async function runGen(
  argv: readonly string[],
  io: GenIO = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const args = argv[0] === 'gen' ? argv.slice(1) : [...argv];
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'secrets':
        return await runSecrets(rest, io);
      case 'config':
        return await runConfig(rest, io);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(GEN_USAGE);
        return sub === undefined ? 1 : 0;
      default:
        throw new UsageError(`unknown command "${sub}" for "gen"\n\n${GEN_USAGE}`);
    }
  } catch (err: unknown) {
    const msg = isFileExistsError(err) ? `${err.message}, use --force to overwrite` : errorMessage(err);
    io.stderr.write(`Error: ${msg}\n`);
    return 1;
  }
}
