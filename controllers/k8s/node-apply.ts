// k8s.NodeApplyController: puts the NodeLabelSpecs and NodeTaintSpecs on this node's Kubernetes Node
// object, as Talos's node-apply controller does: once the API server answers and the kubelet has
// registered the Node, it reads the Node and sends a JSON merge patch (`src/kubernetes/node-patch.ts`:
// labels and taints merged, the keys it owns kept in the `talos.dev/owned-*` annotations so removed ones
// are taken off, the Node's resourceVersion so a concurrent change is refused and retried). A Node that
// does not exist yet or an API that does not answer fails the pass, retried with backoff. On control
// planes it uses the localhost admin kubeconfig; workers (Talos: the kubelet's kubeconfig) are not
// handled yet. Talos re-applies when the Node changes (its NodeStatus watch); talos-ts, without
// NodeStatus, re-reads the Node every minute instead.
import {
  getOptional,
  WakeTimer,
  type Controller,
  type ControllerContext,
} from '../../src/controller-runtime';
import { isConflict, KubernetesApiError, KubernetesClient } from '../../src/kubernetes/client';
import { kubeconfigCredentials } from '../../src/kubernetes/kubeconfig';
import { nodePatch, type NodeObject, type WantedTaint } from '../../src/kubernetes/node-patch';
import { MACHINE_TYPE, type MachineTypeName } from '../../src/resources/config/machine-type';
import { NodeLabelSpecDefinition, type NodeLabelSpecSpec } from '../../src/resources/k8s/node-label-spec';
import { NodeTaintSpecDefinition, type NodeTaintSpecSpec } from '../../src/resources/k8s/node-taint-spec';
import { NODENAME, type NodenameSpec } from '../../src/resources/k8s/nodename';
import {
  KubernetesSecretsDefinition,
  KUBERNETES_SECRETS_ID,
  type KubernetesCertsSpec,
} from '../../src/resources/secrets/kubernetes-secrets';

const SECRETS = { namespace: 'secrets', type: KubernetesSecretsDefinition.type, id: KUBERNETES_SECRETS_ID };
const LABELS = { namespace: NodeLabelSpecDefinition.defaultNamespace, type: NodeLabelSpecDefinition.type };
const TAINTS = { namespace: NodeTaintSpecDefinition.defaultNamespace, type: NodeTaintSpecDefinition.type };

/** How often the Node is read again after a successful pass. */
export const NODE_RESYNC_MS = 60_000;
/** Attempts of one pass when the Node changed in between (409) or the node is not allowed yet (403). */
const ATTEMPTS = 10;
const ATTEMPT_DELAY_MS = 100;

export class NodeApplyController implements Controller {
  readonly name = 'k8s.NodeApplyController';

  constructor(private readonly opts: { resyncMs?: number } = {}) {}

  inputs() {
    return [
      { ...LABELS, kind: 'weak' as const },
      { ...TAINTS, kind: 'weak' as const },
      { ...NODENAME, kind: 'weak' as const },
      { ...MACHINE_TYPE, kind: 'weak' as const },
      { ...SECRETS, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const resync = new WakeTimer(ctx);
    try {
      while (await ctx.nextEvent(signal)) {
        resync.clear();
        const nodename = await getOptional<NodenameSpec>(ctx, NODENAME);
        const type = await getOptional<MachineTypeName>(ctx, MACHINE_TYPE);
        const secrets = await getOptional<KubernetesCertsSpec>(ctx, SECRETS);
        if (!nodename || nodename.spec.skipNodeRegistration) continue;
        if (type?.spec !== 'controlplane' && type?.spec !== 'init') continue;
        if (!secrets) continue;
        const labels: Record<string, string> = {};
        for (const r of await ctx.list<NodeLabelSpecSpec>(LABELS)) labels[r.spec.key] = r.spec.value;
        const taints: WantedTaint[] = (await ctx.list<NodeTaintSpecSpec>(TAINTS)).map((r) => r.spec);
        const client = new KubernetesClient(
          await kubeconfigCredentials(secrets.spec.localhostAdminKubeconfig),
        );
        try {
          await this.sync(ctx, client, nodename.spec.nodename, labels, taints, signal);
        } finally {
          client.close();
        }
        ctx.resetBackoff();
        resync.at(Date.now() + (this.opts.resyncMs ?? NODE_RESYNC_MS));
      }
    } finally {
      resync.clear();
    }
  }

  private async sync(
    ctx: ControllerContext,
    client: KubernetesClient,
    name: string,
    labels: Readonly<Record<string, string>>,
    taints: readonly WantedTaint[],
    signal: AbortSignal,
  ): Promise<void> {
    const path = `/api/v1/nodes/${encodeURIComponent(name)}`;
    for (let attempt = 1; ; attempt++) {
      try {
        const node = await client.get<NodeObject>(path, signal);
        const { patch, skipped } = nodePatch(node, labels, taints);
        for (const what of skipped) ctx.logger.debug({ node: name }, `${what} is not owned: left alone`);
        if (patch === undefined) return;
        await client.request('PATCH', path, {
          body: patch,
          contentType: 'application/merge-patch+json',
          signal,
        });
        ctx.logger.info({ node: name }, 'node labels and taints applied');
        return;
      } catch (e: unknown) {
        const retry = isConflict(e) || (e instanceof KubernetesApiError && e.code === 403);
        if (!retry || attempt >= ATTEMPTS) throw e;
        await new Promise((resolve) => setTimeout(resolve, ATTEMPT_DELAY_MS));
      }
    }
  }
}
