// HostnameStatuses.net.talos.dev: the hostname the node has (id "hostname").
import {
  singletonTransform,
  type ControllerContext,
  type SingletonTransformSettings,
  type TransformSettings,
} from '../../controller-runtime';
import { getSpec, type ResourceGetter, type ResourcePointer } from '../../state';
import { defineResource } from '../definition';

export interface HostnameStatusSpec {
  hostname: string;
  domainname: string;
}

export const HostnameStatusDefinition = defineResource<HostnameStatusSpec>({
  type: 'HostnameStatuses.net.talos.dev',
  defaultNamespace: 'network',
  aliases: ['hostname'],
  printColumns: [
    { name: 'Hostname', jsonPath: '{.hostname}' },
    { name: 'Domainname', jsonPath: '{.domainname}' },
  ],
  protoSpec: 'talos.resource.definitions.network.HostnameStatusSpec',
});

/** The node's hostname status (the one resource of the type). */
export const HOSTNAME_STATUS: ResourcePointer = {
  namespace: 'network',
  type: HostnameStatusDefinition.type,
  id: 'hostname',
};

/** HostnameStatusSpec.FQDN(): the hostname with its domain, if any. */
export const fqdnOf = (h: HostnameStatusSpec): string =>
  h.domainname === '' ? h.hostname : `${h.hostname}.${h.domainname}`;

/** The hostname status, or undefined while the node has none. */
export const hostnameStatusOf = (reader: ResourceGetter): Promise<HostnameStatusSpec | undefined> =>
  getSpec<HostnameStatusSpec>(reader, HOSTNAME_STATUS);

/**
 * A transform of one resource (by id) and the hostname status into one output (Talos's etcd
 * SpecController and the certificate controllers): none without the input; while the hostname is
 * unknown, or `derive` gives undefined, the output stays as it is.
 */
export function withHostnameStatus<InSpec, OutSpec>(
  s: Omit<SingletonTransformSettings<InSpec, OutSpec>, 'transform' | 'extraInputs'> & {
    readonly derive: (
      input: InSpec,
      hostname: HostnameStatusSpec,
      current: OutSpec | undefined,
      ctx: ControllerContext,
    ) => OutSpec | undefined | Promise<OutSpec | undefined>;
  },
): TransformSettings<InSpec, OutSpec> {
  const { derive, ...rest } = s;
  return singletonTransform({
    ...rest,
    extraInputs: [{ ...HOSTNAME_STATUS, kind: 'weak' }],
    transform: async (input, current, ctx) => {
      const hostname = await hostnameStatusOf(ctx);
      return hostname && derive(input.spec, hostname, current, ctx);
    },
  });
}
