// Original file: proto/resource/definitions/network/network.proto


export interface EthernetChannelsStatus {
  'rx_max'?: (number);
  'tx_max'?: (number);
  'other_max'?: (number);
  'combined_max'?: (number);
  'rx'?: (number);
  'tx'?: (number);
  'other'?: (number);
  'combined'?: (number);
}

export interface EthernetChannelsStatus__Output {
  'rx_max': (number);
  'tx_max': (number);
  'other_max': (number);
  'combined_max': (number);
  'rx': (number);
  'tx': (number);
  'other': (number);
  'combined': (number);
}
