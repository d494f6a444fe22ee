// secrets.EtcdRootController (Talos: secrets.RootEtcdController): EtcdRootSecrets ("etcd") from
// `cluster.etcd.ca` on control-plane nodes; removed on other nodes and without a config.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import type { MachineConfig } from '../../src/config';
import {
  MachineConfigDefinition,
  MACHINE_CONFIG_ID,
  type MachineConfigSpec,
} from '../../src/resources/config/machine-config';
import { EtcdRootDefinition, ETCD_ROOT_ID, type EtcdRootSpec } from '../../src/resources/secrets/etcd-root';
import { isNotFoundError } from '../../src/state';

const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: MACHINE_CONFIG_ID };
const OUTPUT = { namespace: 'secrets', type: EtcdRootDefinition.type, id: ETCD_ROOT_ID };

/** The etcd CA is missing from a control-plane config (Talos: "missing cluster.etcdCA secret"). */
export class MissingEtcdCAError extends Error {
  constructor() {
    super('missing cluster.etcdCA secret');
    this.name = 'MissingEtcdCAError';
  }
}

export class EtcdRootController implements Controller {
  readonly name = 'secrets.EtcdRootController';

  inputs() {
    return [{ ...CONFIG, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: OUTPUT.type, namespace: OUTPUT.namespace, kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      let config: MachineConfig | undefined;
      try {
        config = (await ctx.get<MachineConfigSpec>(CONFIG)).spec.config;
      } catch (e: unknown) {
        if (!isNotFoundError(e)) throw e;
      }
      ctx.startTrackingOutputs();
      const spec = config ? etcdRoot(config) : undefined;
      if (spec) await ctx.modify<EtcdRootSpec>(OUTPUT, () => spec);
      await ctx.cleanupOutputs();
    }
  }
}

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
