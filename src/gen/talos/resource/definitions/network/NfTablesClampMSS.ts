// Original file: proto/resource/definitions/network/network.proto


export interface NfTablesClampMSS {
  'mtu'?: (number);
}

export interface NfTablesClampMSS__Output {
  'mtu': (number);
}
