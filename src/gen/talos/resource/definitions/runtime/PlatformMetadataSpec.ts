// Original file: proto/resource/definitions/runtime/runtime.proto


export interface PlatformMetadataSpec {
  'platform'?: (string);
  'hostname'?: (string);
  'region'?: (string);
  'zone'?: (string);
  'instance_type'?: (string);
  'instance_id'?: (string);
  'provider_id'?: (string);
  'spot'?: (boolean);
  'internal_dns'?: (string);
  'external_dns'?: (string);
  'tags'?: ({[key: string]: string});
}

export interface PlatformMetadataSpec__Output {
  'platform': (string);
  'hostname': (string);
  'region': (string);
  'zone': (string);
  'instance_type': (string);
  'instance_id': (string);
  'provider_id': (string);
  'spot': (boolean);
  'internal_dns': (string);
  'external_dns': (string);
  'tags': ({[key: string]: string});
}
