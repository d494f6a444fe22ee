// Original file: proto/resource/definitions/network/network.proto


export interface DNSResolveCacheSpec {
  'status'?: (string);
}

export interface DNSResolveCacheSpec__Output {
  'status': (string);
}
