// etcd.SpecController: EtcdSpec ("etcd" in `etcd`) from EtcdConfig, the hostname and the node's
// addresses: member name = hostname; advertised and listen addresses as Talos computes them.
import { TransformController } from '../../src/controller-runtime';
import { ETCD_CONFIG, type EtcdConfigSpec } from '../../src/resources/etcd/config';
import { ETCD_SPEC, type EtcdSpecSpec } from '../../src/resources/etcd/spec';
import { withHostnameStatus } from '../../src/resources/network/hostname-status';
import { usableNodeAddresses } from '../../src/network/node-addresses';
import { filterIPs } from '../../src/network/ip-filter';

export interface SpecControllerOptions {
  /**
   * The node's addresses. Talos reads the routed and current NodeAddresses (no-k8s filter), which this
   * agent does not have yet; both are this list. Unspecified addresses and non-IPs are dropped.
   */
  readonly addresses?: readonly string[];
}

export class SpecController extends TransformController<EtcdConfigSpec, EtcdSpecSpec> {
  constructor(opts: SpecControllerOptions = {}) {
    const addresses = usableNodeAddresses(opts.addresses);
    super(
      withHostnameStatus<EtcdConfigSpec, EtcdSpecSpec>({
        name: 'etcd.SpecController',
        input: ETCD_CONFIG,
        output: ETCD_SPEC,
        derive: (config, hostname) => etcdSpec(config, hostname.hostname, addresses),
      }),
    );
  }
}

/** Talos SpecController's address selection; undefined when nothing can be advertised or listened on. */
export function etcdSpec(
  cfg: EtcdConfigSpec,
  name: string,
  addresses: readonly string[],
): EtcdSpecSpec | undefined {
  if (addresses.length === 0) return undefined;
  const not = (l: readonly string[]): string[] => l.map((c) => `!${c}`);
  const valid = cfg.advertiseValidSubnets.length > 0 ? cfg.advertiseValidSubnets : ['0.0.0.0/0', '::/0'];
  let advertised = filterIPs(addresses, [...valid, ...not(cfg.advertiseExcludeSubnets)]);
  // Without advertised subnets, only the first address is advertised.
  if (cfg.advertiseValidSubnets.length === 0) advertised = advertised.slice(0, 1);
  const listenCIDRs = [...cfg.listenValidSubnets, ...not(cfg.listenExcludeSubnets)];
  let listenPeer = ['0.0.0.0'];
  let listenClient = ['0.0.0.0'];
  if (listenCIDRs.length > 0) {
    listenPeer = filterIPs(addresses, listenCIDRs);
    listenClient = ['127.0.0.1', ...listenPeer];
  }
  if (advertised.length === 0 || listenPeer.length === 0) return undefined;
  return {
    name,
    advertisedAddresses: advertised,
    listenPeerAddresses: listenPeer,
    listenClientAddresses: listenClient,
    image: cfg.image,
    extraArgs: cfg.extraArgs,
  };
}
