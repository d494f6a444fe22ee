// kube-apiserver's encryption configuration for secrets at rest: secretbox and/or AES-CBC with the
// cluster's keys (secretbox first, so it encrypts new data), identity last to read unencrypted data.
import type { KubernetesRootSpec } from '../../resources/secrets/kubernetes-root';
import type { K8sObject } from './objects';

export function apiServerEncryptionConfig(root: KubernetesRootSpec): K8sObject {
  const providers: K8sObject[] = [];
  if (root.secretboxEncryptionSecret !== '')
    providers.push({ secretbox: { keys: [{ name: 'key2', secret: root.secretboxEncryptionSecret }] } });
  if (root.aesCBCEncryptionSecret !== '')
    providers.push({ aescbc: { keys: [{ name: 'key1', secret: root.aesCBCEncryptionSecret }] } });
  providers.push({ identity: {} });
  return {
    apiVersion: 'v1',
    kind: 'EncryptionConfig',
    resources: [{ resources: ['secrets'], providers }],
  };
}
