// EtcdSpecs.etcd.talos.dev: what etcd runs with on this node (id "etcd"): member name, addresses, image,
// extra arguments. Addresses are IP strings; protobuf carries them as `common.NetIP` bytes.
import { ipAddressBytes } from '../../pki/x509-build';
import { defineResource, pointerTo } from '../definition';
import { ETCD_NAMESPACE, sortedArgs, type ExtraArgs } from './config';

export const ETCD_SPEC_ID = 'etcd';

export interface EtcdSpecSpec {
  name: string;
  advertisedAddresses: string[];
  listenPeerAddresses: string[];
  listenClientAddresses: string[];
  image: string;
  extraArgs: ExtraArgs;
}

const netIPs = (ips: readonly string[]): Array<{ ip: Buffer }> =>
  ips.map((ip) => ({ ip: ipAddressBytes(ip) }));

export const EtcdSpecDefinition = defineResource<EtcdSpecSpec>({
  type: 'EtcdSpecs.etcd.talos.dev',
  defaultNamespace: ETCD_NAMESPACE,
  printColumns: [
    { name: 'Name', jsonPath: '{.name}' },
    { name: 'AdvertisedAddresses', jsonPath: '{.advertisedAddresses}' },
    { name: 'ListenPeerAddresses', jsonPath: '{.listenPeerAddresses}' },
    { name: 'ListenClientAddresses', jsonPath: '{.listenClientAddresses}' },
  ],
  protoSpec: 'talos.resource.definitions.etcd.SpecSpec',
  toProto: (s) => ({
    name: s.name,
    advertised_addresses: netIPs(s.advertisedAddresses),
    image: s.image,
    listen_peer_addresses: netIPs(s.listenPeerAddresses),
    listen_client_addresses: netIPs(s.listenClientAddresses),
    extra_args: s.extraArgs,
  }),
  toYAML: (s) => ({
    name: s.name,
    advertisedAddresses: s.advertisedAddresses,
    listenPeerAddresses: s.listenPeerAddresses,
    listenClientAddresses: s.listenClientAddresses,
    image: s.image,
    extraArgs: sortedArgs(s.extraArgs),
  }),
});

export const ETCD_SPEC = pointerTo(EtcdSpecDefinition, ETCD_SPEC_ID);
