// secrets.EtcdRootController (Talos: secrets.RootEtcdController): EtcdRootSecrets ("etcd") from
// `cluster.etcd.ca` on control-plane nodes; removed on other nodes and without a config.
import { derivedController } from '../../src/controller-runtime';
import { MACHINE_CONFIG, type MachineConfigSpec } from '../../src/resources/config/machine-config';
import type { MachineConfig } from '../../src/config';
import { ETCD_ROOT, type EtcdRootSpec } from '../../src/resources/secrets/etcd-root';

/** The etcd CA is missing from a control-plane config (Talos: "missing cluster.etcdCA secret"). */
export class MissingEtcdCAError extends Error {
  constructor() {
    super('missing cluster.etcdCA secret');
    this.name = 'MissingEtcdCAError';
  }
}

export class EtcdRootController extends derivedController(
  'secrets.EtcdRootController',
  MACHINE_CONFIG,
  ETCD_ROOT,
  ({ config }: MachineConfigSpec) => etcdRoot(config),
) {}

/** The spec for a control-plane config; undefined for any other node (Talos `rootMapFunc`). */
function etcdRoot(config: MachineConfig): EtcdRootSpec | undefined {
  const v1 = config.v1alpha1();
  if (!v1?.machine || !v1.cluster) return undefined;
  const type = config.machineType();
  if (type !== 'controlplane' && type !== 'init') return undefined;
  const ca = v1.cluster.etcd?.ca;
  if (!ca?.crt || !ca.key) throw new MissingEtcdCAError();
  const decode = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');
  return { etcdCA: { crt: decode(ca.crt), key: decode(ca.key) } };
}
