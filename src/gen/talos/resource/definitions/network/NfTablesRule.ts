// Original file: proto/resource/definitions/network/network.proto

import type { NfTablesIfNameMatch as _talos_resource_definitions_network_NfTablesIfNameMatch, NfTablesIfNameMatch__Output as _talos_resource_definitions_network_NfTablesIfNameMatch__Output } from '../../../../talos/resource/definitions/network/NfTablesIfNameMatch';
import type { NethelpersNfTablesVerdict as _talos_resource_definitions_enums_NethelpersNfTablesVerdict, NethelpersNfTablesVerdict__Output as _talos_resource_definitions_enums_NethelpersNfTablesVerdict__Output } from '../../../../talos/resource/definitions/enums/NethelpersNfTablesVerdict';
import type { NfTablesMark as _talos_resource_definitions_network_NfTablesMark, NfTablesMark__Output as _talos_resource_definitions_network_NfTablesMark__Output } from '../../../../talos/resource/definitions/network/NfTablesMark';
import type { NfTablesAddressMatch as _talos_resource_definitions_network_NfTablesAddressMatch, NfTablesAddressMatch__Output as _talos_resource_definitions_network_NfTablesAddressMatch__Output } from '../../../../talos/resource/definitions/network/NfTablesAddressMatch';
import type { NfTablesLayer4Match as _talos_resource_definitions_network_NfTablesLayer4Match, NfTablesLayer4Match__Output as _talos_resource_definitions_network_NfTablesLayer4Match__Output } from '../../../../talos/resource/definitions/network/NfTablesLayer4Match';
import type { NfTablesClampMSS as _talos_resource_definitions_network_NfTablesClampMSS, NfTablesClampMSS__Output as _talos_resource_definitions_network_NfTablesClampMSS__Output } from '../../../../talos/resource/definitions/network/NfTablesClampMSS';
import type { NfTablesLimitMatch as _talos_resource_definitions_network_NfTablesLimitMatch, NfTablesLimitMatch__Output as _talos_resource_definitions_network_NfTablesLimitMatch__Output } from '../../../../talos/resource/definitions/network/NfTablesLimitMatch';
import type { NfTablesConntrackStateMatch as _talos_resource_definitions_network_NfTablesConntrackStateMatch, NfTablesConntrackStateMatch__Output as _talos_resource_definitions_network_NfTablesConntrackStateMatch__Output } from '../../../../talos/resource/definitions/network/NfTablesConntrackStateMatch';

export interface NfTablesRule {
  'match_o_if_name'?: (_talos_resource_definitions_network_NfTablesIfNameMatch | null);
  'verdict'?: (_talos_resource_definitions_enums_NethelpersNfTablesVerdict);
  'match_mark'?: (_talos_resource_definitions_network_NfTablesMark | null);
  'set_mark'?: (_talos_resource_definitions_network_NfTablesMark | null);
  'match_source_address'?: (_talos_resource_definitions_network_NfTablesAddressMatch | null);
  'match_destination_address'?: (_talos_resource_definitions_network_NfTablesAddressMatch | null);
  'match_layer4'?: (_talos_resource_definitions_network_NfTablesLayer4Match | null);
  'match_i_if_name'?: (_talos_resource_definitions_network_NfTablesIfNameMatch | null);
  'clamp_mss'?: (_talos_resource_definitions_network_NfTablesClampMSS | null);
  'match_limit'?: (_talos_resource_definitions_network_NfTablesLimitMatch | null);
  'match_conntrack_state'?: (_talos_resource_definitions_network_NfTablesConntrackStateMatch | null);
  'anon_counter'?: (boolean);
}

export interface NfTablesRule__Output {
  'match_o_if_name': (_talos_resource_definitions_network_NfTablesIfNameMatch__Output | null);
  'verdict': (_talos_resource_definitions_enums_NethelpersNfTablesVerdict__Output);
  'match_mark': (_talos_resource_definitions_network_NfTablesMark__Output | null);
  'set_mark': (_talos_resource_definitions_network_NfTablesMark__Output | null);
  'match_source_address': (_talos_resource_definitions_network_NfTablesAddressMatch__Output | null);
  'match_destination_address': (_talos_resource_definitions_network_NfTablesAddressMatch__Output | null);
  'match_layer4': (_talos_resource_definitions_network_NfTablesLayer4Match__Output | null);
  'match_i_if_name': (_talos_resource_definitions_network_NfTablesIfNameMatch__Output | null);
  'clamp_mss': (_talos_resource_definitions_network_NfTablesClampMSS__Output | null);
  'match_limit': (_talos_resource_definitions_network_NfTablesLimitMatch__Output | null);
  'match_conntrack_state': (_talos_resource_definitions_network_NfTablesConntrackStateMatch__Output | null);
  'anon_counter': (boolean);
}
