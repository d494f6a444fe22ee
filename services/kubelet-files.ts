// The files and directories the kubelet reads and writes, under the root directory (what Talos's
// KubeletServiceController and the service's volumes prepare before the kubelet starts): the
// KubeletConfiguration at /etc/kubernetes/kubelet.yaml, the credential provider config, and — when the
// Kubernetes root secrets are known (control planes here) — the CA at /etc/kubernetes/pki/ca.crt and the
// bootstrap kubeconfig with the bootstrap token.
import { chmod, chown, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { APISERVER_RUN_AS, AUDIT_LOG_DIR } from '../src/k8s/pods/pod-common';
import type { KubeletSpecSpec } from '../src/resources/k8s/kubelet-spec';
import type { KubernetesRootSpec } from '../src/resources/secrets/kubernetes-root';

export const KUBELET_CONFIG = '/etc/kubernetes/kubelet.yaml';
export const KUBELET_BOOTSTRAP_KUBECONFIG = '/etc/kubernetes/bootstrap-kubeconfig';
export const KUBERNETES_CA_CERT = '/etc/kubernetes/pki/ca.crt';
export const KUBELET_CREDENTIAL_PROVIDER_CONFIG = '/etc/kubernetes/kubelet-credentialproviderconfig.yaml';

/** Talos's kubelet volumes and the directories its mounts bind (node paths). */
export const KUBELET_DIRECTORIES = [
  '/etc/kubernetes',
  '/etc/kubernetes/manifests',
  '/etc/cni',
  '/usr/libexec/kubernetes',
  '/var/lib',
  '/var/lib/kubelet',
  '/var/lib/kubelet/seccomp',
  '/var/lib/kubelet/seccomp/profiles',
  '/var/log',
  '/var/log/audit',
  '/var/log/audit/kube',
  '/var/log/containers',
  '/var/log/pods',
  '/var/mnt',
];

/**
 * Directories of those with Talos's mode and owner (its standard volumes): the audit logs are the
 * kube-apiserver's (it runs as 65534 and opens its log there), the owner applied to what they hold too.
 */
export const KUBELET_DIRECTORY_MODES: readonly {
  readonly path: string;
  readonly mode: number;
  readonly owner?: number;
}[] = [
  { path: '/var/log/audit', mode: 0o700 },
  { path: AUDIT_LOG_DIR, mode: 0o700, owner: APISERVER_RUN_AS },
];

async function chownTree(path: string, owner: number): Promise<void> {
  await chown(path, owner, owner);
  for (const e of await readdir(path, { withFileTypes: true })) {
    if (e.isDirectory()) await chownTree(join(path, e.name), owner);
    else await chown(join(path, e.name), owner, owner);
  }
}

/** The bootstrap kubeconfig as client-go writes it (token credentials, embedded CA). */
export function bootstrapKubeconfig(endpoint: string, acceptedCAs: readonly string[], token: string): string {
  return stringify({
    apiVersion: 'v1',
    clusters: [
      {
        cluster: {
          'certificate-authority-data': Buffer.from(acceptedCAs.join('')).toString('base64'),
          server: endpoint,
        },
        name: 'local',
      },
    ],
    contexts: [{ context: { cluster: 'local', user: 'kubelet@local' }, name: 'kubelet@local' }],
    'current-context': 'kubelet@local',
    kind: 'Config',
    preferences: {},
    users: [{ name: 'kubelet@local', user: { token } }],
  });
}

const under = (rootDir: string, path: string): string => join(rootDir, path);

async function put(path: string, content: string, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content, { mode });
}

/** Writes what the kubelet needs before it starts; `root` absent leaves the PKI files as they are. */
export async function writeKubeletFiles(
  rootDir: string,
  spec: KubeletSpecSpec,
  root: KubernetesRootSpec | undefined,
): Promise<void> {
  for (const dir of KUBELET_DIRECTORIES) await mkdir(under(rootDir, dir), { recursive: true });
  for (const { path, mode, owner } of KUBELET_DIRECTORY_MODES) {
    await chmod(under(rootDir, path), mode);
    if (owner !== undefined) await chownTree(under(rootDir, path), owner);
  }
  await put(under(rootDir, KUBELET_CONFIG), stringify(spec.config), 0o600);
  const credentials = under(rootDir, KUBELET_CREDENTIAL_PROVIDER_CONFIG);
  if (spec.credentialProviderConfig) await put(credentials, stringify(spec.credentialProviderConfig), 0o600);
  else await rm(credentials, { force: true });
  if (!root) return;
  const token = `${root.bootstrapTokenID}.${root.bootstrapTokenSecret}`;
  await put(
    under(rootDir, KUBELET_BOOTSTRAP_KUBECONFIG),
    bootstrapKubeconfig(root.endpoint, root.acceptedCAs, token),
    0o600,
  );
  await put(under(rootDir, KUBERNETES_CA_CERT), root.acceptedCAs.join(''), 0o400);
}
