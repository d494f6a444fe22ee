// Original file: proto/resource/definitions/network/network.proto

import type { ClientIdentifierSpec as _talos_resource_definitions_network_ClientIdentifierSpec, ClientIdentifierSpec__Output as _talos_resource_definitions_network_ClientIdentifierSpec__Output } from '../../../../talos/resource/definitions/network/ClientIdentifierSpec';

export interface DHCP4OperatorSpec {
  'route_metric'?: (number);
  'skip_hostname_request'?: (boolean);
  'client_identifier'?: (_talos_resource_definitions_network_ClientIdentifierSpec | null);
}

export interface DHCP4OperatorSpec__Output {
  'route_metric': (number);
  'skip_hostname_request': (boolean);
  'client_identifier': (_talos_resource_definitions_network_ClientIdentifierSpec__Output | null);
}
