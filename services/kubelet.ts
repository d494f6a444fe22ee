// The kubelet service (Talos services.Kubelet): once cri is up, the kubelet runs as a container of the
// system containerd (namespace `system`) from the KubeletSpec's image with Talos's arguments, host network
// and PID namespaces, privileged, in the /podruntime/kubelet cgroup, with Talos's mounts (node paths under
// the root directory, those that exist), restarted forever; healthy while 127.0.0.1:10248/healthz answers
// 200. A missing image is pulled from the registry mirrors (never from the public registry); until it is in the system containerd (unpacked) the service
// waits, saying why the last pull failed.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ContainerdClient, DEFAULT_SNAPSHOTTER } from '../src/containerd/client';
import { resolveImage } from '../src/containerd/image';
import { ImagePullError, pullImage, type MirrorEndpoint } from '../src/containerd/image-pull';
import { writeFileAtomic } from '../src/files/atomic-write';
import { parseImageRef } from '../src/oci/image-ref';
import { REGISTRIES_CONFIG, type RegistriesConfigSpec } from '../src/resources/cri/registries-config';
import { KUBELET_SPEC, type KubeletSpecSpec } from '../src/resources/k8s/kubelet-spec';
import { KUBERNETES_ROOT } from '../src/resources/secrets/kubernetes-root';
import type { KubernetesRootSpec } from '../src/resources/secrets/kubernetes-root';
import { getSpec, type State } from '../src/state';
import { ContainerdRunner } from '../src/system/containerd-runner';
import type { OciMount } from '../src/system/containerd-runner-spec';
import { AbortedError } from '../src/system/conditions';
import { DEFAULT_HEALTH_SETTINGS, sleep } from '../src/system/health';
import { serviceLogFile } from '../src/system/process-runner';
import { RestartRunner } from '../src/system/restart-runner';
import type { Condition, Runner, Service, ServiceContext } from '../src/system/service';
import { SYSTEM_NAMESPACE, systemContainerdPaths } from './containerd-config';
import { CONTAINERD_SERVICE_ID } from './containerd';
import { CRI_SERVICE_ID } from './cri';
import { machineEnvironment } from './machine-env';
import { errorMessage } from '../src/error-message';

export const KUBELET_SERVICE_ID = 'kubelet';
/** Talos constants.CgroupKubelet and KubeletOOMScoreAdj. */
export const KUBELET_CGROUP = '/podruntime/kubelet';
export const KUBELET_OOM_SCORE_ADJ = -450;
export const KUBELET_HEALTH_URL = 'http://127.0.0.1:10248/healthz';
/** The mirrors' TLS files of the kubelet image's pull (under the system containerd's state). */
export const KUBELET_PULL_FILES = '/system/run/containerd/kubelet-pull';

export interface KubeletServiceOptions {
  /** How often the image's presence is looked at while waiting (default 1 s). */
  readonly imagePollMs?: number;
  readonly restartIntervalMs?: number;
  /** Between SIGTERM and SIGKILL (default 10 s). */
  readonly graceMs?: number;
  /** Pull a missing image through the registry mirrors (default true). */
  readonly pullImage?: boolean;
  /** After a failed pull (default 5 s). */
  readonly pullRetryMs?: number;
}

const bind = (destination: string, source: string, options: string[], type = 'bind'): OciMount => ({
  type,
  destination,
  source,
  options,
});

/**
 * Talos's kubelet mounts: host ones (/dev, /sys, cgroupfs, modules, securityfs) where they exist on this
 * host, node paths from under the root directory where they exist there, then the spec's extra mounts.
 */
export function kubeletMounts(rootDir: string, extra: KubeletSpecSpec['extraMounts']): OciMount[] {
  const node = (p: string): string => join(rootDir, p);
  const host = [
    // Container mode: the node's /proc (the kubelet shares its PID namespace anyway), which in a node
    // sandbox carries the node's own copies of the host-wide kernel parameters the kubelet sets.
    ...(rootDir !== '/' ? [bind('/proc', '/proc', ['rbind', 'rw'])] : []),
    bind('/dev', '/dev', ['bind', 'rw']),
    bind('/sys', '/sys', ['bind', 'ro'], 'sysfs'),
    // rbind: on a cgroup v1 host (container mode here) /sys/fs/cgroup is a tmpfs holding one mount per
    // hierarchy; under cgroup v2 it is one mount, and rbind is the same as bind
    bind('/sys/fs/cgroup', '/sys/fs/cgroup', ['rbind', 'rw']),
    bind('/lib/modules', '/usr/lib/modules', ['bind', 'ro']),
  ].filter((m) => existsSync(m.source!));
  const nodePaths = [
    // the runner's host files (Talos's WithHostHostsFile, WithHostResolvconf)
    bind('/etc/hosts', node('/etc/hosts'), ['rbind', 'ro']),
    bind('/etc/resolv.conf', node('/etc/resolv.conf'), ['rbind', 'ro']),
    bind('/etc/kubernetes', node('/etc/kubernetes'), ['bind', 'rw']),
    bind('/usr/local/lib/kubelet/credentialproviders', node('/usr/local/lib/kubelet/credentialproviders'), [
      'bind',
      'ro',
    ]),
    bind('/etc/nfsmount.conf', node('/etc/nfsmount.conf'), ['bind', 'ro']),
    bind('/etc/machine-id', node('/etc/machine-id'), ['bind', 'ro']),
    bind('/etc/os-release', node('/etc/os-release'), ['bind', 'ro']),
    bind('/system/resolved/resolv.conf', node('/system/resolved/resolv.conf'), ['bind', 'ro']),
    bind('/etc/cni', node('/etc/cni'), ['bind', 'ro']),
    bind('/usr/libexec/kubernetes', node('/usr/libexec/kubernetes'), ['bind', 'rw']),
    bind('/var/run', node('/run'), ['rbind', 'rslave', 'rw']),
    bind('/var/lib/containerd', node('/var/lib/containerd'), ['rbind', 'rslave', 'rw']),
    // Container mode: the CRI's root also at the path the CRI reports for it (its config names the
    // state directory's path), where the kubelet looks for the image file system's statistics.
    ...(rootDir !== '/'
      ? [bind(node('/var/lib/containerd'), node('/var/lib/containerd'), ['rbind', 'rslave', 'ro'])]
      : []),
    bind('/var/lib/kubelet', node('/var/lib/kubelet'), ['rbind', 'rshared', 'rw']),
    bind('/var/log/containers', node('/var/log/containers'), ['bind', 'rw']),
    bind('/var/log/pods', node('/var/log/pods'), ['bind', 'rw']),
    bind('/var/mnt', node('/var/mnt'), ['rbind', 'rslave', 'ro']),
  ].filter((m) => existsSync(m.source!));
  const security = existsSync('/sys/kernel/security')
    ? [bind('/sys/kernel/security', '/sys/kernel/security', ['bind', 'ro'], 'securityfs')]
    : [];
  const extras = extra.map((m) => ({
    destination: m.destination,
    ...(m.type !== undefined ? { type: m.type } : {}),
    ...(m.source !== undefined ? { source: node(m.source) } : {}),
    ...(m.options !== undefined ? { options: [...m.options] } : {}),
  }));
  return [...host, ...nodePaths, ...security, ...extras];
}

/** Whether `ref` is in the containerd (namespace `system`) of `client`, unpacked for the snapshotter. */
export async function imagePresent(
  client: ContainerdClient,
  ref: string,
  signal?: AbortSignal,
): Promise<boolean> {
  try {
    const image = await resolveImage(client, ref, { signal, timeoutMs: 5_000 });
    await client.statSnapshot(image.chainId, DEFAULT_SNAPSHOTTER, { signal, timeoutMs: 5_000 });
    return true;
  } catch {
    return false;
  }
}

export class NoRegistryMirrorError extends Error {
  constructor(readonly domain: string) {
    super(`no registry mirror configured for ${domain} (machine.registries or RegistryMirrorConfig)`);
    this.name = 'NoRegistryMirrorError';
  }
}

/**
 * How the image is pulled: from the mirrors of the image's registry (or `*`), in order, with the TLS
 * files of each mirror host (written under `filesDir`) and the registry's credentials. Decision: never
 * from the public registry — the nodes are air-gapped by design, as the machines they run on; without
 * a mirror nothing is pulled, and the service says so.
 */
export async function pullSettings(
  state: State,
  ref: string,
  filesDir: string,
): Promise<{ repository: string; reference: string; mirrors: MirrorEndpoint[]; credentials?: string }> {
  const registries = await getSpec<RegistriesConfigSpec>(state, REGISTRIES_CONFIG);
  const image = parseImageRef(ref);
  const mirror = registries?.mirrors[image.domain] ?? registries?.mirrors['*'];
  if (!registries || !mirror || mirror.endpoints.length === 0) throw new NoRegistryMirrorError(image.domain);
  const mirrors: MirrorEndpoint[] = [];
  for (const e of mirror.endpoints) {
    const host = new URL(e.endpoint).host;
    const tls = registries.tls[host];
    const file = async (name: string, content: string): Promise<string> => {
      const path = join(filesDir, `${host}-${name}`);
      await writeFileAtomic(path, content, { mode: 0o600 });
      return path;
    };
    mirrors.push({
      url: e.endpoint,
      ...(tls?.ca ? { caFile: await file('ca.crt', tls.ca) } : {}),
      ...(tls?.clientIdentity
        ? {
            certFile: await file('client.crt', tls.clientIdentity.crt),
            keyFile: await file('client.key', tls.clientIdentity.key),
          }
        : {}),
      ...(tls?.insecureSkipVerify ? { insecureSkipVerify: true } : {}),
    });
  }
  const settings = { repository: image.repository, reference: image.reference, mirrors };
  const a = registries.auths[image.domain];
  if (a?.username) return { ...settings, credentials: `${a.username}:${a.password}` };
  if (a?.auth) return { ...settings, credentials: Buffer.from(a.auth, 'base64').toString('utf8') };
  return settings;
}

export interface KubeletImageConditionOptions {
  readonly socket: string;
  /** Where the mirrors' TLS files for the pull are written. */
  readonly filesDir: string;
  /** How often the image's presence is looked at. */
  readonly pollMs: number;
  /** After a failed pull (default 5 s). */
  readonly pullRetryMs?: number;
  /** Pull the image when it is missing (default true). */
  readonly pull?: boolean;
}

/**
 * The kubelet image of the current KubeletSpec present in the system containerd, pulled through the
 * registry mirrors when missing: "kubelet image <ref> to be present in containerd", with the last pull
 * error after it ("kubelet spec to be available" before there is a spec).
 */
export function kubeletImageCondition(state: State, opts: KubeletImageConditionOptions): Condition {
  let ref: string | undefined;
  let lastError: string | undefined;
  return {
    describe: () =>
      ref === undefined
        ? 'kubelet spec to be available'
        : `kubelet image ${ref} to be present in containerd${lastError !== undefined ? `: ${lastError}` : ''}`,
    wait: async (signal) => {
      const client = new ContainerdClient(opts.socket, SYSTEM_NAMESPACE);
      try {
        for (;;) {
          const current = (await getSpec<KubeletSpecSpec>(state, KUBELET_SPEC))?.image;
          if (current !== ref) lastError = undefined;
          ref = current;
          if (ref !== undefined && (await imagePresent(client, ref, signal))) return;
          if (ref !== undefined && opts.pull !== false) {
            try {
              const settings = await pullSettings(state, ref, opts.filesDir);
              await pullImage({
                socket: opts.socket,
                namespace: SYSTEM_NAMESPACE,
                ref,
                snapshotter: DEFAULT_SNAPSHOTTER,
                ...settings,
                signal,
              });
              lastError = undefined;
              continue;
            } catch (e: unknown) {
              if (signal.aborted) throw new AbortedError();
              lastError = e instanceof ImagePullError ? e.reason : errorMessage(e);
            }
          }
          const wait = lastError !== undefined ? (opts.pullRetryMs ?? 5_000) : opts.pollMs;
          if (!(await sleep(wait, signal))) throw new AbortedError();
        }
      } catch (e: unknown) {
        // whatever was in flight when the wait was aborted: the condition's own abort error
        if (signal.aborted) throw new AbortedError();
        throw e;
      } finally {
        client.close();
      }
    },
  };
}

/** GET the health URL: any 200 answer is healthy (Talos simpleHealthCheck). */
export async function httpHealthCheck(url: string, signal: AbortSignal): Promise<void> {
  const res = await fetch(url, { signal });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`expected HTTP status OK, got ${res.status} ${res.statusText}`);
}

export class KubeletService implements Service {
  readonly id = KUBELET_SERVICE_ID;
  readonly apiStartAllowed = true;
  readonly apiRestartAllowed = true;

  constructor(private readonly opts: KubeletServiceOptions = {}) {}

  /**
   * Talos lists cri only; the system containerd it runs in is added here so that a shutdown stops the
   * kubelet (and removes its container) before that containerd goes away.
   */
  dependsOn(): readonly string[] {
    return [CRI_SERVICE_ID, CONTAINERD_SERVICE_ID];
  }

  condition(ctx: ServiceContext): Condition {
    return kubeletImageCondition(ctx.state, {
      socket: systemContainerdPaths(ctx.rootDir).socket,
      filesDir: join(ctx.rootDir, KUBELET_PULL_FILES),
      ...(this.opts.pullRetryMs !== undefined ? { pullRetryMs: this.opts.pullRetryMs } : {}),
      pollMs: this.opts.imagePollMs ?? 1_000,
      ...(this.opts.pullImage !== undefined ? { pull: this.opts.pullImage } : {}),
    });
  }

  async pre(ctx: ServiceContext): Promise<void> {
    const spec = await getSpec<KubeletSpecSpec>(ctx.state, KUBELET_SPEC);
    if (!spec) throw new Error('kubelet spec not found');
    const root = await getSpec<KubernetesRootSpec>(ctx.state, KUBERNETES_ROOT);
    // Loaded on first use: it brings the YAML library, which start-up does not load.
    const { writeKubeletFiles } = await import('./kubelet-files');
    await writeKubeletFiles(ctx.rootDir, spec, root);
    // Talos creates extra mounts' sources before the kubelet starts.
    for (const m of spec.extraMounts)
      if (m.source !== undefined) await mkdir(join(ctx.rootDir, m.source), { recursive: true, mode: 0o700 });
  }

  async runner(ctx: ServiceContext): Promise<Runner> {
    const spec = await getSpec<KubeletSpecSpec>(ctx.state, KUBELET_SPEC);
    if (!spec) throw new Error('kubelet spec not found');
    const inner = new ContainerdRunner({
      id: this.id,
      socket: systemContainerdPaths(ctx.rootDir).socket,
      namespace: SYSTEM_NAMESPACE,
      image: spec.image,
      spec: {
        args: ['/usr/local/bin/kubelet', ...spec.args],
        // machine.env (proxies), as Talos passes it to the kubelet's container.
        env: Object.entries(await machineEnvironment(ctx.state)).map(([k, v]) => `${k}=${v}`),
        hostNamespaces: ['network', 'pid'],
        privileged: true,
        mounts: kubeletMounts(ctx.rootDir, spec.extraMounts),
        cgroupsPath: KUBELET_CGROUP,
        oomScoreAdj: KUBELET_OOM_SCORE_ADJ,
        rootfsPropagation: 'shared',
      },
      logs: ctx.logs,
      logFile: serviceLogFile(ctx.rootDir, this.id),
      logger: ctx.logger.child({ service: this.id }),
      ...(this.opts.graceMs !== undefined ? { graceMs: this.opts.graceMs } : {}),
    });
    return new RestartRunner(inner, { policy: 'Forever', restartIntervalMs: this.opts.restartIntervalMs });
  }

  readonly health = {
    // Talos: the default settings with a 2 s initial delay (the kubelet is slow to start).
    settings: { ...DEFAULT_HEALTH_SETTINGS, initialDelayMs: 2_000 },
    check: (_ctx: ServiceContext, signal: AbortSignal): Promise<void> =>
      httpHealthCheck(KUBELET_HEALTH_URL, signal),
  };
}

export const kubeletService = (opts: KubeletServiceOptions = {}): KubeletService => new KubeletService(opts);
