// Original file: proto/resource/definitions/hardware/hardware.proto


export interface ProcessorSpec {
  'socket'?: (string);
  'manufacturer'?: (string);
  'product_name'?: (string);
  'max_speed'?: (number);
  'boot_speed'?: (number);
  'status'?: (number);
  'serial_number'?: (string);
  'asset_tag'?: (string);
  'part_number'?: (string);
  'core_count'?: (number);
  'core_enabled'?: (number);
  'thread_count'?: (number);
}

export interface ProcessorSpec__Output {
  'socket': (string);
  'manufacturer': (string);
  'product_name': (string);
  'max_speed': (number);
  'boot_speed': (number);
  'status': (number);
  'serial_number': (string);
  'asset_tag': (string);
  'part_number': (string);
  'core_count': (number);
  'core_enabled': (number);
  'thread_count': (number);
}
