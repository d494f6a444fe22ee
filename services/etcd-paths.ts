// Where etcd's files live under the root directory, as Talos's constants (EtcdPKIPath, EtcdDataPath,
// EtcdRecoverySnapshotPath).
import { join } from 'node:path';

export interface EtcdPaths {
  readonly pkiDir: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly peerCert: string;
  readonly peerKey: string;
  readonly adminCert: string;
  readonly adminKey: string;
  /** /var/lib/etcd */
  readonly dataDir: string;
  /** /var/lib/etcd.snapshot: where EtcdRecover puts the uploaded snapshot. */
  readonly recoverySnapshot: string;
}

export function etcdPaths(rootDir: string): EtcdPaths {
  const pki = join(rootDir, 'system/secrets/etcd');
  return {
    pkiDir: pki,
    caCert: join(pki, 'ca.crt'),
    caKey: join(pki, 'ca.key'),
    serverCert: join(pki, 'server.crt'),
    serverKey: join(pki, 'server.key'),
    peerCert: join(pki, 'peer.crt'),
    peerKey: join(pki, 'peer.key'),
    adminCert: join(pki, 'admin.crt'),
    adminKey: join(pki, 'admin.key'),
    dataDir: join(rootDir, 'var/lib/etcd'),
    recoverySnapshot: join(rootDir, 'var/lib/etcd.snapshot'),
  };
}
