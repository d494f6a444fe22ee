// Original file: proto/resource/definitions/cluster/cluster.proto


export interface ConfigSpec {
  'discovery_enabled'?: (boolean);
  'registry_kubernetes_enabled'?: (boolean);
  'registry_service_enabled'?: (boolean);
  'service_endpoint'?: (string);
  'service_endpoint_insecure'?: (boolean);
  'service_encryption_key'?: (Buffer | Uint8Array | string);
  'service_cluster_id'?: (string);
}

export interface ConfigSpec__Output {
  'discovery_enabled': (boolean);
  'registry_kubernetes_enabled': (boolean);
  'registry_service_enabled': (boolean);
  'service_endpoint': (string);
  'service_endpoint_insecure': (boolean);
  'service_encryption_key': (Buffer);
  'service_cluster_id': (string);
}
