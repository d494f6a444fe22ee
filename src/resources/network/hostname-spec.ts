// HostnameSpecs.net.talos.dev: a hostname to apply. Config layers write theirs to `network-config`
// (ids `<layer>/hostname`); the merged one lives in `network` (id `hostname`).
import { defineResource } from '../definition';
import { configLayerNumber, NETWORK_NAMESPACE, type ConfigLayer } from './config-layer';

export const HOSTNAME_ID = 'hostname';
export { NETWORK_CONFIG_NAMESPACE, NETWORK_NAMESPACE } from './config-layer';

export interface HostnameSpecSpec {
  hostname: string;
  domainname: string;
  layer: ConfigLayer;
}

export const HostnameSpecDefinition = defineResource<HostnameSpecSpec>({
  type: 'HostnameSpecs.net.talos.dev',
  defaultNamespace: NETWORK_NAMESPACE,
  protoSpec: 'talos.resource.definitions.network.HostnameSpecSpec',
  toProto: (s) => ({
    hostname: s.hostname,
    domainname: s.domainname,
    config_layer: configLayerNumber(s.layer),
  }),
});

/** Talos `HostnameSpecSpec.Validate`: a 1–63 character host part and an FQDN of at most 253. */
export function validHostname(spec: { hostname: string; domainname: string }): boolean {
  const n = spec.hostname.length;
  return n > 0 && n <= 63 && fqdn(spec).length <= 253;
}

/** Talos `ParseFQDN`: the host part up to the first dot, the rest the domain; undefined when invalid. */
export function parseFQDN(name: string, layer: ConfigLayer): HostnameSpecSpec | undefined {
  const dot = name.indexOf('.');
  const spec: HostnameSpecSpec =
    dot < 0
      ? { hostname: name, domainname: '', layer }
      : { hostname: name.slice(0, dot), domainname: name.slice(dot + 1), layer };
  return validHostname(spec) ? spec : undefined;
}

/** The fully-qualified name: `hostname.domainname`, or the hostname alone. */
export function fqdn(spec: { hostname: string; domainname: string }): string {
  return spec.domainname === '' ? spec.hostname : `${spec.hostname}.${spec.domainname}`;
}
