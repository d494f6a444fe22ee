// secrets.EtcdController: EtcdSecrets ("etcd") — etcd's server, peer and client certificates, issued with
// the etcd CA from EtcdRootSecrets for this node's hostname and addresses. Certificates are issued again
// only when the CA, the hostname or the addresses change; removed with EtcdRootSecrets.
import { TransformController } from '../../src/controller-runtime';
import { usableNodeAddresses } from '../../src/network/node-addresses';
import { withHostnameStatus } from '../../src/resources/network/hostname-status';
import { ETCD_ROOT, type EtcdRootSpec } from '../../src/resources/secrets/etcd-root';
import { ETCD_SECRETS, type EtcdCertsSpec } from '../../src/resources/secrets/etcd-secrets';
import { certsMatch, issueEtcdCerts, type EtcdCertInputs } from '../../src/secrets/etcd-certificates';

export interface EtcdControllerOptions {
  /**
   * The node's addresses, for the server and peer certificates' SANs. Talos reads them from the
   * NodeAddresses resource (accumulative, no-k8s filter), which this agent does not have yet.
   * Unspecified addresses (0.0.0.0, ::) and non-IPs are dropped.
   */
  readonly addresses?: readonly string[];
}

export class EtcdController extends TransformController<EtcdRootSpec, EtcdCertsSpec> {
  constructor(opts: EtcdControllerOptions = {}) {
    const addresses = usableNodeAddresses(opts.addresses);
    super(
      withHostnameStatus<EtcdRootSpec, EtcdCertsSpec>({
        name: 'secrets.EtcdController',
        input: ETCD_ROOT,
        output: ETCD_SECRETS,
        derive: async (root, hostname, current, ctx) => {
          const inputs: EtcdCertInputs = {
            ca: root.etcdCA,
            hostname: hostname.hostname,
            domainname: hostname.domainname,
            addresses,
          };
          if (current && certsMatch(current, inputs)) return current;
          const spec = await issueEtcdCerts(inputs);
          ctx.logger.info({ hostname: inputs.hostname, addresses }, 'issued etcd certificates');
          return spec;
        },
      }),
    );
  }
}
