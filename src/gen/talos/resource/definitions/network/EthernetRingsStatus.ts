// Original file: proto/resource/definitions/network/network.proto


export interface EthernetRingsStatus {
  'rx_max'?: (number);
  'rx_mini_max'?: (number);
  'rx_jumbo_max'?: (number);
  'tx_max'?: (number);
  'tx_push_buf_len_max'?: (number);
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

export interface EthernetRingsStatus__Output {
  'rx_max': (number);
  'rx_mini_max': (number);
  'rx_jumbo_max': (number);
  'tx_max': (number);
  'tx_push_buf_len_max': (number);
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
