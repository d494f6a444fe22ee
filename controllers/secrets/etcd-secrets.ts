// secrets.EtcdController: EtcdSecrets ("etcd") — etcd's server, peer and client certificates, issued with
// the etcd CA from EtcdRootSecrets for this node's hostname and addresses. Certificates are issued again
// only when the CA, the hostname or the addresses change; removed with EtcdRootSecrets.
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import {
  HostnameStatusDefinition,
  type HostnameStatusSpec,
} from '../../src/resources/network/hostname-status';
import { EtcdRootDefinition, ETCD_ROOT_ID, type EtcdRootSpec } from '../../src/resources/secrets/etcd-root';
import {
  EtcdSecretsDefinition,
  ETCD_SECRETS_ID,
  type EtcdCertsSpec,
} from '../../src/resources/secrets/etcd-secrets';
import { certsMatch, issueEtcdCerts, type EtcdCertInputs } from '../../src/secrets/etcd-certificates';
import { usableNodeAddresses } from '../../src/network/node-addresses';

const ROOT = { namespace: 'secrets', type: EtcdRootDefinition.type, id: ETCD_ROOT_ID };
const HOSTNAME = { namespace: 'network', type: HostnameStatusDefinition.type, id: 'hostname' };
const OUTPUT = { namespace: 'secrets', type: EtcdSecretsDefinition.type, id: ETCD_SECRETS_ID };

export interface EtcdControllerOptions {
  /**
   * The node's addresses, for the server and peer certificates' SANs. Talos reads them from the
   * NodeAddresses resource (accumulative, no-k8s filter), which this agent does not have yet.
   * Unspecified addresses (0.0.0.0, ::) and non-IPs are dropped.
   */
  readonly addresses?: readonly string[];
}

export class EtcdController implements Controller {
  readonly name = 'secrets.EtcdController';
  private readonly addresses: readonly string[];

  constructor(opts: EtcdControllerOptions = {}) {
    this.addresses = usableNodeAddresses(opts.addresses);
  }

  inputs() {
    return [
      { ...ROOT, kind: 'weak' as const },
      { ...HOSTNAME, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [{ type: OUTPUT.type, namespace: OUTPUT.namespace, kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const root = await getOptional<EtcdRootSpec>(ctx, ROOT);
      if (!root) {
        // Not a control-plane node (any more): no certificates.
        ctx.startTrackingOutputs();
        await ctx.cleanupOutputs();
        continue;
      }
      const hostname = await getOptional<HostnameStatusSpec>(ctx, HOSTNAME);
      if (!hostname) continue;
      const inputs: EtcdCertInputs = {
        ca: root.spec.etcdCA,
        hostname: hostname.spec.hostname,
        domainname: hostname.spec.domainname,
        addresses: this.addresses,
      };
      const current = await getOptional<EtcdCertsSpec>(ctx, OUTPUT);
      if (!current || !certsMatch(current.spec, inputs)) {
        const spec = await issueEtcdCerts(inputs);
        await ctx.modify<EtcdCertsSpec>(OUTPUT, () => spec);
        ctx.logger.info(
          { hostname: inputs.hostname, addresses: inputs.addresses },
          'issued etcd certificates',
        );
      }
      ctx.resetBackoff();
    }
  }
}
