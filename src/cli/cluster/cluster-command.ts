// `talos-ts cluster create|destroy|show`: talosctl's flags where they apply to a local cluster of
// agents in namespaces (the container provisioner). Bad flags, values and patches are refused before
// anything is created.
import { resolve } from 'node:path';
import { parseGoDurationNanos } from '../../apps/machined/apply/go-duration';
import { errorMessage } from '../../error-message';
import { isUsageError, UsageError } from '../args';
import { createCluster, lineProgress } from './cluster-create';
import { destroyCluster } from './cluster-destroy';
import { clusterDir, defaultStateRoot, loadClusterState, type ClusterState } from './cluster-state';
import { talosconfigPath } from './cluster-talosconfig';
import { loadConfigPatch, type ConfigPatch } from './config-patch';
import { nodeRunning } from './cluster-nodes';

export const CLUSTER_USAGE = `usage: talos-ts cluster create|destroy|show [flags]
  create   --name NAME (talos-default) --controlplanes N (1) --workers N (1) --cidr CIDR (10.5.0.0/24)
           --provisioner container --config-patch P --config-patch-control-plane P --config-patch-worker P
           (P: @file or inline; repeatable) --kubernetes-version V --registry-mirror HOST=URL --mtu N (1500)
           --wait (true) --wait-timeout DURATION (20m) --talosconfig FILE --state DIR (~/.talos-ts/clusters)
  destroy  --name NAME --state DIR
  show     --name NAME --state DIR`;

interface Flags {
  readonly values: Map<string, string>;
  readonly lists: Map<string, string[]>;
}

const ALIASES: Record<string, string> = {
  'config-patch-controlplanes': 'config-patch-control-plane',
  'config-patch-workers': 'config-patch-worker',
  'talosconfig-destination': 'talosconfig',
};

function parseFlags(argv: readonly string[], values: readonly string[], lists: readonly string[]): Flags {
  const out: Flags = { values: new Map(), lists: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf('=');
    const given = arg.slice(2, eq < 0 ? undefined : eq);
    const name = ALIASES[given] ?? given;
    let value = eq < 0 ? undefined : arg.slice(eq + 1);
    if (name === 'wait' && value === undefined) value = 'true';
    if (!values.includes(name) && !lists.includes(name)) throw new UsageError(`unknown flag --${given}`);
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`flag --${given} needs a value`);
    }
    if (lists.includes(name)) out.lists.set(name, [...(out.lists.get(name) ?? []), value]);
    else out.values.set(name, value);
  }
  return out;
}

function count(flags: Flags, name: string, fallback: number, min: number): number {
  const text = flags.values.get(name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min)
    throw new UsageError(`--${name} must be a whole number ≥ ${min}, got ${JSON.stringify(text)}`);
  return Number(text);
}

function clusterName(flags: Flags): string {
  const name = flags.values.get('name') ?? 'talos-default';
  if (!/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/.test(name))
    throw new UsageError(
      `--name ${JSON.stringify(name)}: lower-case letters, digits and dashes, at most 32 characters`,
    );
  return name;
}

const stateRoot = (flags: Flags): string => resolve(flags.values.get('state') ?? defaultStateRoot());

async function patches(flags: Flags, name: string): Promise<ConfigPatch[]> {
  const out: ConfigPatch[] = [];
  for (const v of flags.lists.get(name) ?? []) out.push(await loadConfigPatch(v));
  return out;
}

type Out = { write(s: string): unknown };

async function create(argv: readonly string[], out: Out, err: Out, signal: AbortSignal): Promise<number> {
  const started = Date.now();
  const flags = parseFlags(
    argv,
    [
      'name',
      'controlplanes',
      'workers',
      'cidr',
      'provisioner',
      'kubernetes-version',
      'mtu',
      'wait',
      'wait-timeout',
      'talosconfig',
      'state',
    ],
    ['config-patch', 'config-patch-control-plane', 'config-patch-worker', 'registry-mirror'],
  );
  const name = clusterName(flags);
  const provisioner = flags.values.get('provisioner') ?? 'container';
  if (provisioner === 'qemu')
    throw new UsageError('--provisioner qemu is not built yet: only the container provisioner is');
  if (provisioner !== 'container')
    throw new UsageError(`--provisioner ${JSON.stringify(provisioner)}: container (qemu is not built yet)`);
  const wait = flags.values.get('wait') ?? 'true';
  if (!['true', 'false'].includes(wait)) throw new UsageError(`--wait must be true or false, got ${wait}`);
  let waitTimeoutMs: number;
  try {
    waitTimeoutMs = Number(parseGoDurationNanos(flags.values.get('wait-timeout') ?? '20m') / 1_000_000n);
  } catch (e: unknown) {
    throw new UsageError(`--wait-timeout: ${errorMessage(e)}`);
  }
  const controlplanes = count(flags, 'controlplanes', 1, 1);
  const workers = count(flags, 'workers', 1, 0);
  const mtu = count(flags, 'mtu', 1500, 576);
  const root = stateRoot(flags);
  const state = await createCluster(
    {
      name,
      controlplanes,
      workers,
      cidr: flags.values.get('cidr') ?? '10.5.0.0/24',
      mtu,
      patches: await patches(flags, 'config-patch'),
      controlPlanePatches: await patches(flags, 'config-patch-control-plane'),
      workerPatches: await patches(flags, 'config-patch-worker'),
      ...(flags.values.has('kubernetes-version')
        ? { kubernetesVersion: flags.values.get('kubernetes-version')! }
        : {}),
      registryMirrors: flags.lists.get('registry-mirror') ?? [],
      wait: wait === 'true',
      waitTimeoutMs,
      dir: clusterDir(root, name),
      talosconfig: resolve(talosconfigPath(flags.values.get('talosconfig'))),
      program: [process.execPath, process.argv[1]!],
    },
    lineProgress(err),
    signal,
  );
  out.write(show(state));
  const cp = state.nodes[0]!;
  out.write(
    `\ncluster ${name} is up in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
      `  talosctl --talosconfig ${state.talosconfig} --context ${name} -e ${cp.address} -n ${cp.address} version\n` +
      `  talos-ts cluster destroy --name ${name}${flags.values.has('state') ? ` --state ${root}` : ''}\n`,
  );
  return 0;
}

/** The cluster as `talosctl cluster show` prints it. */
export function show(state: ClusterState): string {
  const rows = state.nodes.map((n) => [n.name, n.type, n.address, nodeRunning(n) ? 'running' : 'stopped']);
  const table = [['NAME', 'TYPE', 'IP', 'STATE'], ...rows];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  return (
    `PROVISIONER       ${state.provisioner}\nNAME              ${state.name}\n` +
    `NETWORK NAME      ${state.bridgeNetns ?? ''}\nNETWORK CIDR      ${state.cidr}\n` +
    `NETWORK GATEWAY   ${state.gateway}\nNETWORK MTU       ${state.mtu}\n\nNODES:\n\n` +
    table
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i]! + 3))
          .join('')
          .trimEnd(),
      )
      .join('\n') +
    '\n'
  );
}

export async function runCluster(
  argv: readonly string[],
  io: { stdout: Out; stderr: Out },
  signal: AbortSignal,
): Promise<number> {
  try {
    return await dispatch(argv, io, signal);
  } catch (e: unknown) {
    if (isUsageError(e)) throw e;
    // the cluster's own errors name the node, the step and what the node or tool said
    io.stderr.write(`error: ${errorMessage(e)}\n`);
    return 1;
  }
}

async function dispatch(
  argv: readonly string[],
  io: { stdout: Out; stderr: Out },
  signal: AbortSignal,
): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'create':
      return create(rest, io.stdout, io.stderr, signal);
    case 'destroy':
    case 'show': {
      const flags = parseFlags(rest, ['name', 'state'], []);
      const name = clusterName(flags);
      const dir = clusterDir(stateRoot(flags), name);
      const state = await loadClusterState(dir, name);
      if (sub === 'show') io.stdout.write(show(state));
      else {
        await destroyCluster(dir, state, lineProgress(io.stderr));
        io.stderr.write(`cluster ${name} destroyed\n`);
      }
      return 0;
    }
    default:
      throw new UsageError(
        sub === undefined ? CLUSTER_USAGE : `unknown command cluster ${sub}\n${CLUSTER_USAGE}`,
      );
  }
}
