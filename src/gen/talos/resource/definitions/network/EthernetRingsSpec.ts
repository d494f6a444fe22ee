// Original file: proto/resource/definitions/network/network.proto


export interface EthernetRingsSpec {
  'rx'?: (number);
  'rx_mini'?: (number);
  'rx_jumbo'?: (number);
  'tx'?: (number);
  'rx_buf_len'?: (number);
  'cqe_size'?: (number);
  'tx_push'?: (boolean);
  'rx_push'?: (boolean);
  'tx_push_buf_len'?: (number);
  'tcp_data_split'?: (boolean);
}

export interface EthernetRingsSpec__Output {
  'rx': (number);
  'rx_mini': (number);
  'rx_jumbo': (number);
  'tx': (number);
  'rx_buf_len': (number);
  'cqe_size': (number);
  'tx_push': (boolean);
  'rx_push': (boolean);
  'tx_push_buf_len': (number);
  'tcp_data_split': (boolean);
}
