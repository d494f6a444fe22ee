// The etcd PKI files (Talos's etcd.PKIController): the CA, etcd's server and peer pairs and Talos's admin
// client pair, each written whole (0400) under system/secrets/etcd.
import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from '../src/files/atomic-write';
import type { EtcdRootSpec } from '../src/resources/secrets/etcd-root';
import type { EtcdCertsSpec } from '../src/resources/secrets/etcd-secrets';
import type { EtcdPaths } from './etcd-paths';

export async function writeEtcdPKI(
  paths: EtcdPaths,
  root: EtcdRootSpec,
  certs: EtcdCertsSpec,
): Promise<void> {
  await mkdir(paths.pkiDir, { recursive: true, mode: 0o700 });
  const files: Array<[string, string]> = [
    [paths.caCert, root.etcdCA.crt],
    [paths.caKey, root.etcdCA.key],
    [paths.serverKey, certs.etcd.key],
    [paths.serverCert, certs.etcd.crt],
    [paths.peerKey, certs.etcdPeer.key],
    [paths.peerCert, certs.etcdPeer.crt],
    [paths.adminKey, certs.etcdAdmin.key],
    [paths.adminCert, certs.etcdAdmin.crt],
  ];
  for (const [path, pem] of files) await writeFileAtomic(path, pem, { mode: 0o400 });
}
