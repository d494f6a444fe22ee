// k8s.ManifestApplyController: applies the bootstrap manifests (Manifests in the controlplane namespace)
// to the API server over the localhost admin kubeconfig, as Talos's controller does: once etcd is
// healthy, under an etcd mutex shared by the control planes, in manifest id order with namespaces first
// and CRDs next; an object already in the inventory ConfigMap (kube-system/
// talos-bootstrap-manifests-inventory) or already in the cluster is left alone, anything else is created
// by server-side apply (field manager "talos") with the inventory annotation. Malformed objects are
// reported and the rest applied; an API that does not answer fails the pass, and the controller is
// retried with backoff until it does. ManifestStatus lists the manifests applied.
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import { adminTLS, ETCD_ROOT, ETCD_SECRETS, ETCD_SPEC, localEndpoint } from '../../src/etcd/local';
import { EtcdLeaseClient } from '../../src/etcd/lease-client';
import { withEtcdMutex } from '../../src/etcd/mutex';
import {
  isBadRequest,
  isInvalid,
  isMethodNotSupported,
  isNotFound,
  KubernetesClient,
} from '../../src/kubernetes/client';
import { ConfigMapInventory, type ObjMetadata } from '../../src/kubernetes/inventory';
import { kubeconfigCredentials } from '../../src/kubernetes/kubeconfig';
import { NoKindMatchError, objectPath, RestMapper, splitApiVersion } from '../../src/kubernetes/rest-mapper';
import type { EtcdSpecSpec } from '../../src/resources/etcd/spec';
import { ManifestDefinition, type ManifestSpec } from '../../src/resources/k8s/manifest';
import {
  ManifestStatusDefinition,
  MANIFEST_STATUS_ID,
  type ManifestStatusSpec,
} from '../../src/resources/k8s/manifest-status';
import type { EtcdRootSpec } from '../../src/resources/secrets/etcd-root';
import type { EtcdCertsSpec } from '../../src/resources/secrets/etcd-secrets';
import {
  KubernetesSecretsDefinition,
  KUBERNETES_SECRETS_ID,
  type KubernetesCertsSpec,
} from '../../src/resources/secrets/kubernetes-secrets';
import { ServiceDefinition, type ServiceSpec } from '../../src/resources/v1alpha1/service';

/** Talos's constants: the mutex, the inventory and the field manager. */
export const MANIFEST_APPLY_MUTEX = 'talos:v1:manifestApplyMutex';
export const INVENTORY_NAMESPACE = 'kube-system';
export const INVENTORY_NAME = 'talos-bootstrap-manifests-inventory';
export const INVENTORY_ANNOTATION = 'config.k8s.io/owning-inventory';
export const FIELD_MANAGER = 'talos';

const SECRETS = { namespace: 'secrets', type: KubernetesSecretsDefinition.type, id: KUBERNETES_SECRETS_ID };
const MANIFESTS = { namespace: 'controlplane', type: ManifestDefinition.type };
const ETCD_SERVICE = { namespace: 'runtime', type: ServiceDefinition.type, id: 'etcd' };
const STATUS = { namespace: 'controlplane', type: ManifestStatusDefinition.type, id: MANIFEST_STATUS_ID };

type K8sObject = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown> & {
    name?: string;
    namespace?: string;
    annotations?: Record<string, string>;
  };
};

/** Namespaces first (by name), then CRDs (by name), then everything else in manifest order. */
export function applyOrder(objects: readonly K8sObject[]): K8sObject[] {
  const rank = (o: K8sObject): number =>
    o.kind === 'Namespace' && o.apiVersion === 'v1'
      ? 0
      : o.kind === 'CustomResourceDefinition' &&
          splitApiVersion(o.apiVersion ?? '').group === 'apiextensions.k8s.io'
        ? 1
        : 2;
  return objects
    .map((o, i) => ({ o, i }))
    .sort((a, b) => {
      const ra = rank(a.o);
      const rb = rank(b.o);
      if (ra !== rb) return ra - rb;
      if (ra < 2) return (a.o.metadata?.name ?? '').localeCompare(b.o.metadata?.name ?? '');
      return a.i - b.i;
    })
    .map(({ o }) => o);
}

export class ManifestApplyController implements Controller {
  readonly name = 'k8s.ManifestApplyController';

  inputs() {
    return [
      { ...SECRETS, kind: 'weak' as const },
      { ...MANIFESTS, kind: 'weak' as const },
      { ...ETCD_SERVICE, kind: 'weak' as const },
      { ...ETCD_SPEC, kind: 'weak' as const },
      { ...ETCD_ROOT, kind: 'weak' as const },
      { ...ETCD_SECRETS, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [{ type: STATUS.type, namespace: STATUS.namespace, kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const secrets = await getOptional<KubernetesCertsSpec>(ctx, SECRETS);
      const etcd = await getOptional<ServiceSpec>(ctx, ETCD_SERVICE);
      if (!secrets || !etcd?.spec.healthy) continue;
      const manifests = (await ctx.list<ManifestSpec>(MANIFESTS)).sort((a, b) =>
        a.metadata.id < b.metadata.id ? -1 : a.metadata.id > b.metadata.id ? 1 : 0,
      );
      if (manifests.length > 0) {
        const objects = manifests.flatMap((m) => m.spec.items as K8sObject[]);
        await this.applyAll(ctx, secrets.spec.localhostAdminKubeconfig, objects, signal);
      }
      await ctx.modify<ManifestStatusSpec>(STATUS, () => ({
        manifestsApplied: manifests.map((m) => m.metadata.id),
      }));
      ctx.resetBackoff();
    }
  }

  private async applyAll(
    ctx: ControllerContext,
    kubeconfig: string,
    objects: readonly K8sObject[],
    signal: AbortSignal,
  ): Promise<void> {
    const spec = await getOptional<EtcdSpecSpec>(ctx, ETCD_SPEC);
    const root = await getOptional<EtcdRootSpec>(ctx, ETCD_ROOT);
    const certs = await getOptional<EtcdCertsSpec>(ctx, ETCD_SECRETS);
    if (!spec || !root || !certs) throw new Error('etcd spec or secrets are not available yet');
    const etcd = new EtcdLeaseClient([localEndpoint(spec.spec)], adminTLS(root.spec, certs.spec));
    const client = new KubernetesClient(await kubeconfigCredentials(kubeconfig));
    try {
      await withEtcdMutex(
        etcd,
        MANIFEST_APPLY_MUTEX,
        async () => {
          const inventory = await ConfigMapInventory.load(
            client,
            INVENTORY_NAMESPACE,
            INVENTORY_NAME,
            signal,
          );
          const errors: unknown[] = [];
          await applyObjects(ctx, client, inventory, objects, signal).catch((e: unknown) => errors.push(e));
          // the inventory is written even when the pass failed half way
          await inventory.write(signal).catch((e: unknown) => errors.push(e));
          if (errors.length > 0)
            throw new AggregateError(
              errors,
              errors.map((e) => (e instanceof Error ? e.message : 'unknown error')).join('; '),
            );
        },
        { signal },
      );
    } finally {
      client.close();
      etcd.close();
    }
  }
}

async function applyObjects(
  ctx: ControllerContext,
  client: KubernetesClient,
  inventory: ConfigMapInventory,
  objects: readonly K8sObject[],
  signal: AbortSignal,
): Promise<void> {
  const mapper = new RestMapper(client);
  const problems: string[] = [];
  for (const original of applyOrder(objects)) {
    const obj: K8sObject = structuredClone(original);
    const apiVersion = obj.apiVersion ?? '';
    const kind = obj.kind ?? '';
    const name = obj.metadata?.name ?? '';
    const { group, version } = splitApiVersion(apiVersion);
    const label = `${group}/${version}/${kind}/${name}`;
    let mapping;
    try {
      mapping = await mapper.mapping(apiVersion, kind, signal);
    } catch (e: unknown) {
      if (e instanceof NoKindMatchError || isNotFound(e) || isInvalid(e)) {
        problems.push(`error creating mapping for object ${label}: ${(e as Error).message}`);
        continue;
      }
      throw new Error(`error creating mapping for object ${label}: ${(e as Error).message}`, { cause: e });
    }
    const metadata = (obj.metadata ??= {});
    if (mapping.namespaced) metadata.namespace ||= 'default';
    else {
      // Talos 1.13 kept cluster-wide objects with a namespace in the inventory: take those out.
      if (metadata.namespace) {
        const withNamespace: ObjMetadata = { namespace: metadata.namespace, name, group, kind };
        if (inventory.has(withNamespace)) {
          inventory.delete(withNamespace);
          continue;
        }
      }
      delete metadata.namespace;
    }
    const meta: ObjMetadata = { namespace: metadata.namespace ?? '', name, group, kind };
    if (inventory.has(meta)) continue;
    const path = objectPath(mapping, name, metadata.namespace);
    try {
      await client.get(path, signal);
      inventory.add(meta); // already there: taken into the inventory
      continue;
    } catch (e: unknown) {
      if (!isNotFound(e))
        throw new Error(`error checking resource existence: ${(e as Error).message}`, { cause: e });
    }
    const annotations = (metadata.annotations ??= {});
    const owner = annotations[INVENTORY_ANNOTATION];
    if (owner !== undefined && owner !== INVENTORY_NAME) {
      problems.push(`unexpected foreign inventory annotation on ${label}`);
      continue;
    }
    annotations[INVENTORY_ANNOTATION] = INVENTORY_NAME;
    try {
      await client.apply(path, obj, FIELD_MANAGER, { signal });
    } catch (e: unknown) {
      if (isMethodNotSupported(e) || isBadRequest(e) || isInvalid(e)) {
        problems.push(`error creating ${label}: ${(e as Error).message}`);
        continue;
      }
      throw new Error(`error creating ${label}: ${(e as Error).message}`, { cause: e });
    }
    ctx.logger.info(`created ${label}`);
    inventory.add(meta);
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
}
