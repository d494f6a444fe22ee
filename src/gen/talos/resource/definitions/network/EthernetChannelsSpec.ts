// Original file: proto/resource/definitions/network/network.proto


export interface EthernetChannelsSpec {
  'rx'?: (number);
  'tx'?: (number);
  'other'?: (number);
  'combined'?: (number);
}

export interface EthernetChannelsSpec__Output {
  'rx': (number);
  'tx': (number);
  'other': (number);
  'combined': (number);
}
