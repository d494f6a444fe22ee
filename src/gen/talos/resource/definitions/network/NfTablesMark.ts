// Original file: proto/resource/definitions/network/network.proto


export interface NfTablesMark {
  'mask'?: (number);
  'xor'?: (number);
  'value'?: (number);
}

export interface NfTablesMark__Output {
  'mask': (number);
  'xor': (number);
  'value': (number);
}
