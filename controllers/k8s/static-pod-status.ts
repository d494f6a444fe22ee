// k8s.KubeletStaticPodController: hands the StaticPods to the kubelet as manifest files in
// /etc/kubernetes/manifests (under the root directory; `talos-<id>.yaml`, the prefix Talos uses for
// the files it owns) and reports a StaticPodStatus per static pod. A file is rewritten only when its
// content changes; files of pods that are gone are removed. While the kubelet service runs, the statuses
// are the kubelet's own (its /pods/ list read every 15 s with the API server's kubelet client
// certificate, as Talos does on control planes); until the kubelet answers, a status says the pod is
// Pending and not Ready, with the manifest it was rendered to.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  getOptional,
  WakeTimer,
  type Controller,
  type ControllerContext,
} from '../../src/controller-runtime';
import { readFileIfExists, writeFileAtomic } from '../../src/files/atomic-write';
import { yamlLibrary } from '../../src/files/yaml-library';
import { NODENAME, type NodenameSpec } from '../../src/resources/k8s/nodename';
import { StaticPodDefinition, type StaticPodSpec } from '../../src/resources/k8s/static-pod';
import {
  StaticPodStatusDefinition,
  type StaticPodStatusSpec,
} from '../../src/resources/k8s/static-pod-status';
import { sortKeys } from '../../src/resources/k8s/struct';
import { isStaticPod, kubeletPods, type KubeletPod } from '../../src/kubernetes/kubelet-pods';
import { ServiceDefinition, type ServiceSpec } from '../../src/resources/v1alpha1/service';
import {
  KUBERNETES_DYNAMIC_CERTS,
  type KubernetesDynamicCertsSpec,
} from '../../src/resources/secrets/kubernetes-dynamic-certs';
import { KUBERNETES_ROOT, type KubernetesRootSpec } from '../../src/resources/secrets/kubernetes-root';

const PODS = { namespace: 'k8s', type: StaticPodDefinition.type };
const STATUS_TYPE = StaticPodStatusDefinition.type;
const KUBELET_SERVICE = { namespace: 'runtime', type: ServiceDefinition.type, id: 'kubelet' };
/** How often the kubelet's pods are read while it runs (Talos: 15 s). */
export const POD_STATUS_REFRESH_MS = 15_000;

/** Talos's prefix for the manifests it writes; other files in the directory are left alone. */
export const MANIFEST_PREFIX = 'talos-';
export const MANIFESTS_DIR = 'etc/kubernetes/manifests';

export interface KubeletStaticPodControllerOptions {
  /** The directory standing in for `/`. */
  readonly rootDir: string;
  /** The kubelet's pods (default: the local kubelet, https://127.0.0.1:10250/pods/). */
  readonly kubeletPodsUrl?: string;
}

export class KubeletStaticPodController implements Controller {
  readonly name = 'k8s.KubeletStaticPodController';
  private readonly dir: string;
  /** What each manifest file holds, as this controller wrote or first read it (no disk read per pass). */
  private readonly onDisk = new Map<string, string>();

  constructor(private readonly opts: KubeletStaticPodControllerOptions) {
    this.dir = join(opts.rootDir, MANIFESTS_DIR);
  }

  inputs() {
    return [PODS, NODENAME, KUBELET_SERVICE, KUBERNETES_DYNAMIC_CERTS, KUBERNETES_ROOT].map((p) => ({
      ...p,
      kind: 'weak' as const,
    }));
  }

  outputs() {
    return [{ type: STATUS_TYPE, namespace: 'k8s', kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const refresh = new WakeTimer(ctx);
    try {
      while (await ctx.nextEvent(signal)) await this.reconcile(ctx, refresh, signal);
    } finally {
      refresh.clear();
    }
  }

  private async reconcile(ctx: ControllerContext, refresh: WakeTimer, signal: AbortSignal): Promise<void> {
    const pods = await ctx.list<StaticPodSpec>(PODS);
    const nodename = (await getOptional<NodenameSpec>(ctx, NODENAME))?.spec.nodename;
    const reported = await this.kubeletReport(ctx, nodename, refresh, signal);
    const wanted = new Set<string>();
    ctx.startTrackingOutputs();
    for (const pod of reported ?? [])
      await ctx.modify<StaticPodStatusSpec>(
        statusPointer(`${pod.metadata.namespace}/${pod.metadata.name}`),
        () => ({
          podStatus: pod.status,
        }),
      );
    for (const pod of pods) {
      if (pod.metadata.phase !== 'running') continue;
      const file = `${MANIFEST_PREFIX}${pod.metadata.id}.yaml`;
      wanted.add(file);
      const path = join(this.dir, file);
      // the YAML library loads with the first running pod: a node in maintenance has none
      const text = (await yamlLibrary()).stringify(sortKeys(pod.spec.pod));
      if (!this.onDisk.has(file)) this.onDisk.set(file, (await readFileIfExists(path))?.toString() ?? '');
      if (this.onDisk.get(file) !== text) {
        await writeFileAtomic(path, text, { mode: 0o600, dirMode: 0o755 });
        this.onDisk.set(file, text);
        ctx.logger.info({ id: pod.metadata.id }, 'rendered new static pod');
      }
      if (nodename !== undefined && reported === undefined) {
        const id = statusId(pod.spec.pod, nodename);
        if (id) await ctx.modify<StaticPodStatusSpec>(statusPointer(id), () => renderedStatus(path));
      }
    }
    await this.removeStale(ctx, wanted);
    await ctx.cleanupOutputs();
    ctx.resetBackoff();
  }

  /**
   * The static pods the kubelet runs, when its service is running and it answers (read again in 15 s
   * while it runs); undefined otherwise.
   */
  private async kubeletReport(
    ctx: ControllerContext,
    nodename: string | undefined,
    refresh: WakeTimer,
    signal: AbortSignal,
  ): Promise<KubeletPod[] | undefined> {
    refresh.clear();
    const service = (await getOptional<ServiceSpec>(ctx, KUBELET_SERVICE))?.spec;
    if (!service?.running || nodename === undefined) return undefined;
    refresh.at(Date.now() + POD_STATUS_REFRESH_MS);
    const certs = (await getOptional<KubernetesDynamicCertsSpec>(ctx, KUBERNETES_DYNAMIC_CERTS))?.spec;
    const ca = (await getOptional<KubernetesRootSpec>(ctx, KUBERNETES_ROOT))?.spec.issuingCA?.crt;
    if (!certs || ca === undefined) return undefined;
    try {
      const pods = await kubeletPods({
        nodename,
        clientCert: certs.apiServerKubeletClient.crt,
        clientKey: certs.apiServerKubeletClient.key,
        caPem: ca,
        rootDir: this.opts.rootDir,
        ...(this.opts.kubeletPodsUrl !== undefined ? { url: this.opts.kubeletPodsUrl } : {}),
        signal,
      });
      return pods.filter(isStaticPod);
    } catch (e: unknown) {
      if (signal.aborted) throw e;
      ctx.logger.debug({ err: e }, 'kubelet pods not readable yet');
      return undefined;
    }
  }

  private async removeStale(ctx: ControllerContext, wanted: ReadonlySet<string>): Promise<void> {
    let files: string[];
    try {
      files = await readdir(this.dir);
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const file of files) {
      if (!file.startsWith(MANIFEST_PREFIX) || !file.endsWith('.yaml') || wanted.has(file)) continue;
      await rm(join(this.dir, file), { force: true });
      this.onDisk.delete(file);
      ctx.logger.info({ id: file.slice(MANIFEST_PREFIX.length, -'.yaml'.length) }, 'removed static pod');
    }
  }
}

const statusPointer = (id: string) => ({ namespace: 'k8s', type: STATUS_TYPE, id });

/** "<namespace>/<name>-<nodename>", the id of the kubelet's mirror pod, as Talos names the status. */
export function statusId(pod: Record<string, unknown>, nodename: string): string | undefined {
  const meta = pod['metadata'] as { name?: unknown; namespace?: unknown } | undefined;
  if (typeof meta?.name !== 'string' || meta.name === '') return undefined;
  const namespace = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default';
  return `${namespace}/${meta.name}-${nodename}`;
}

function renderedStatus(path: string): StaticPodStatusSpec {
  return {
    podStatus: {
      phase: 'Pending',
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'ManifestRendered',
          message: `manifest written to ${path}; no kubelet has reported on it`,
        },
      ],
    },
  };
}
