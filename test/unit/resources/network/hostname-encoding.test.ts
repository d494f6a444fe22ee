// The hostname resources encode to Talos's protobuf specs: each round-trips through the API schema.
import { describe, expect, it } from 'vitest';
import { apiSchema } from '../../../../src/grpc/api-schema';
import { NodenameDefinition } from '../../../../src/resources/k8s/nodename';
import { HostnameSpecDefinition } from '../../../../src/resources/network/hostname-spec';
import { HostnameStatusDefinition } from '../../../../src/resources/network/hostname-status';
import type { ResourceDefinition } from '../../../../src/resources/definition';

function roundTrip<S>(def: ResourceDefinition<S>, spec: S): unknown {
  const codec = apiSchema().codec(def.protoSpec ?? '');
  const proto = def.toProto ? def.toProto(spec) : (spec as Record<string, unknown>);
  return codec.decode(codec.encode(proto));
}

describe('hostname resource encoding', () => {
  it('HostnameSpec carries the layer as NetworkConfigLayer', () => {
    const spec = { hostname: 'worker-1', domainname: 'example.org', layer: 'configuration' as const };
    expect(roundTrip(HostnameSpecDefinition, spec)).toEqual({
      hostname: 'worker-1',
      domainname: 'example.org',
      config_layer: 'CONFIG_MACHINE_CONFIGURATION',
    });
    expect(roundTrip(HostnameSpecDefinition, { ...spec, layer: 'default' as const })).toMatchObject({
      config_layer: 'CONFIG_DEFAULT',
    });
  });

  it('HostnameStatus carries hostname and domainname', () => {
    expect(roundTrip(HostnameStatusDefinition, { hostname: 'talos-hwz-sw5', domainname: 'lan' })).toEqual({
      hostname: 'talos-hwz-sw5',
      domainname: 'lan',
    });
  });

  it('Nodename carries the name, the hostname version and skipNodeRegistration', () => {
    const spec = { nodename: 'worker-1', hostnameVersion: '3', skipNodeRegistration: true };
    expect(roundTrip(NodenameDefinition, spec)).toEqual({
      nodename: 'worker-1',
      hostname_version: '3',
      skip_node_registration: true,
    });
  });

  it('declares what Talos declares', () => {
    expect(HostnameSpecDefinition).toMatchObject({
      type: 'HostnameSpecs.net.talos.dev',
      defaultNamespace: 'network',
    });
    expect(HostnameStatusDefinition).toMatchObject({
      type: 'HostnameStatuses.net.talos.dev',
      defaultNamespace: 'network',
      aliases: ['hostname'],
    });
    expect(NodenameDefinition).toMatchObject({
      type: 'Nodenames.kubernetes.talos.dev',
      defaultNamespace: 'k8s',
    });
  });
});
