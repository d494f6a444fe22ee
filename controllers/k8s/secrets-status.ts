// k8s.RenderSecretsStaticPodController: writes the certificates, keys and kubeconfigs the control-plane
// static pods mount under <root>/system/secrets/kubernetes/<kube-apiserver|kube-controller-manager|
// kube-scheduler>/, then reports SecretStatuses "static-pods" ready. Its version is the KubernetesSecrets
// version, as Talos: it changes when the kubeconfigs are issued again (the root secrets changed), which
// restarts the pods; the dynamic certificates are reloaded by kube-apiserver itself.
//
// Files are replaced atomically (temporary file, fsync, rename), mode 0600 in 0700 directories; when the
// agent runs as root they are owned by the pod's user, as Talos does. Nothing secret is logged.
import { chmod, chown, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { getOptional, type Controller, type ControllerContext, outputOf } from '../../src/controller-runtime';
import { writeFileIfChanged } from '../../src/files/atomic-write';
import { yamlLibrary } from '../../src/files/yaml-library';
import { decodePrivateKeyPem, encodePublicKeyPem } from '../../src/pki';
import { sortKeys } from '../../src/resources/k8s/struct';
import { STATIC_POD_SECRETS_STATUS, type SecretsStatusSpec } from '../../src/resources/k8s/secrets-status';
import { ETCD_ROOT, type EtcdRootSpec } from '../../src/resources/secrets/etcd-root';
import { ETCD_SECRETS, type EtcdCertsSpec } from '../../src/resources/secrets/etcd-secrets';
import {
  KUBERNETES_DYNAMIC_CERTS,
  type KubernetesDynamicCertsSpec,
} from '../../src/resources/secrets/kubernetes-dynamic-certs';
import { KUBERNETES_ROOT, type KubernetesRootSpec } from '../../src/resources/secrets/kubernetes-root';
import { KUBERNETES_SECRETS, type KubernetesCertsSpec } from '../../src/resources/secrets/kubernetes-secrets';
import { apiServerEncryptionConfig } from '../../src/k8s/manifests/encryption-config';

/** constants.KubebernetesStaticSecretsDir (sic), relative to the root directory. */
export const STATIC_POD_SECRETS_DIR = 'system/secrets/kubernetes';
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** One static pod's secrets directory: file name → content, and the user its files belong to. */
export interface PodSecrets {
  readonly pod: 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler';
  readonly uid: number;
  readonly files: ReadonlyMap<string, string>;
}

export class MissingSecretError extends Error {
  constructor(what: string) {
    super(`missing ${what}`);
    this.name = 'MissingSecretError';
  }
}

interface Inputs {
  k8sRoot: KubernetesRootSpec;
  etcdRoot: EtcdRootSpec;
  k8sSecrets: KubernetesCertsSpec;
  dynamic: KubernetesDynamicCertsSpec;
  etcd: EtcdCertsSpec;
}

/** The encryption configuration as the Kubernetes YAML serializer writes it (sorted keys). */
async function encryptionConfigYAML(root: KubernetesRootSpec): Promise<string> {
  const { stringify } = await yamlLibrary();
  return stringify(sortKeys(apiServerEncryptionConfig(root)), { indentSeq: false, lineWidth: 0 });
}

/** What each pod mounts, with Talos's file names and users. */
export async function podSecrets(i: Inputs): Promise<PodSecrets[]> {
  const { k8sRoot: root, etcdRoot, k8sSecrets, dynamic, etcd } = i;
  if (!root.serviceAccount) throw new MissingSecretError('service account key');
  if (!root.issuingCA) throw new MissingSecretError('Kubernetes issuing CA');
  const saKey = root.serviceAccount;
  const saPub = encodePublicKeyPem(decodePrivateKeyPem(saKey), 'talos');
  return [
    {
      pod: 'kube-apiserver',
      uid: 65534,
      files: new Map([
        ['etcd-client-ca.crt', etcdRoot.etcdCA.crt],
        ['etcd-client.crt', etcd.etcdAPIServer.crt],
        ['etcd-client.key', etcd.etcdAPIServer.key],
        ['ca.crt', root.acceptedCAs.join('')],
        ['apiserver.crt', dynamic.apiServer.crt],
        ['apiserver.key', dynamic.apiServer.key],
        ['apiserver-kubelet-client.crt', dynamic.apiServerKubeletClient.crt],
        ['apiserver-kubelet-client.key', dynamic.apiServerKubeletClient.key],
        ['service-account.pub', saPub],
        ['service-account.key', saKey],
        ['aggregator-ca.crt', root.aggregatorCA.crt],
        ['front-proxy-client.crt', dynamic.frontProxy.crt],
        ['front-proxy-client.key', dynamic.frontProxy.key],
        ['encryptionconfig.yaml', await encryptionConfigYAML(root)],
      ]),
    },
    {
      pod: 'kube-controller-manager',
      uid: 65535,
      files: new Map([
        ['ca.crt', root.issuingCA.crt],
        ['ca.key', root.issuingCA.key],
        ['service-account.key', saKey],
        ['kubeconfig', k8sSecrets.controllerManagerKubeconfig],
      ]),
    },
    { pod: 'kube-scheduler', uid: 65536, files: new Map([['kubeconfig', k8sSecrets.schedulerKubeconfig]]) },
  ];
}

/** Writes every pod's files under `rootDir`; returns how many files changed. */
export async function writePodSecrets(rootDir: string, pods: readonly PodSecrets[]): Promise<number> {
  const asRoot = process.getuid?.() === 0;
  let changed = 0;
  // Parents stay traversable (0755, as Talos creates them); each pod's directory is its own.
  await mkdir(join(rootDir, STATIC_POD_SECRETS_DIR), { recursive: true, mode: 0o755 });
  for (const p of pods) {
    const dir = join(rootDir, STATIC_POD_SECRETS_DIR, p.pod);
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
    await chmod(dir, DIR_MODE);
    const uid = asRoot ? p.uid : undefined;
    if (uid !== undefined) await chown(dir, uid, uid);
    for (const [name, content] of p.files) {
      if (
        await writeFileIfChanged(join(dir, name), content, { mode: FILE_MODE, dirMode: DIR_MODE, owner: uid })
      )
        changed++;
    }
  }
  return changed;
}

export class RenderSecretsStaticPodController implements Controller {
  readonly name = 'k8s.RenderSecretsStaticPodController';

  constructor(private readonly rootDir: string) {}

  inputs() {
    return [KUBERNETES_ROOT, ETCD_ROOT, KUBERNETES_SECRETS, KUBERNETES_DYNAMIC_CERTS, ETCD_SECRETS].map(
      (p) => ({ ...p, kind: 'weak' as const }),
    );
  }

  outputs() {
    return [outputOf(STATIC_POD_SECRETS_STATUS)];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      // As Talos: until every input exists nothing is written, and the last status stays.
      const k8sSecrets = await getOptional<KubernetesCertsSpec>(ctx, KUBERNETES_SECRETS);
      const dynamic = await getOptional<KubernetesDynamicCertsSpec>(ctx, KUBERNETES_DYNAMIC_CERTS);
      const etcd = await getOptional<EtcdCertsSpec>(ctx, ETCD_SECRETS);
      const etcdRoot = await getOptional<EtcdRootSpec>(ctx, ETCD_ROOT);
      const k8sRoot = await getOptional<KubernetesRootSpec>(ctx, KUBERNETES_ROOT);
      if (!k8sSecrets || !dynamic || !etcd || !etcdRoot || !k8sRoot) continue;
      const pods = await podSecrets({
        k8sRoot: k8sRoot.spec,
        etcdRoot: etcdRoot.spec,
        k8sSecrets: k8sSecrets.spec,
        dynamic: dynamic.spec,
        etcd: etcd.spec,
      });
      const changed = await writePodSecrets(this.rootDir, pods);
      if (changed > 0) ctx.logger.info({ files: changed }, 'wrote control plane static pod secrets');
      const version = String(k8sSecrets.metadata.version);
      await ctx.modify<SecretsStatusSpec>(STATIC_POD_SECRETS_STATUS, () => ({ ready: true, version }));
      ctx.resetBackoff();
    }
  }
}
