// Original file: proto/resource/definitions/hardware/hardware.proto


export interface MemoryModuleSpec {
  'size'?: (number);
  'device_locator'?: (string);
  'bank_locator'?: (string);
  'speed'?: (number);
  'manufacturer'?: (string);
  'serial_number'?: (string);
  'asset_tag'?: (string);
  'product_name'?: (string);
}

export interface MemoryModuleSpec__Output {
  'size': (number);
  'device_locator': (string);
  'bank_locator': (string);
  'speed': (number);
  'manufacturer': (string);
  'serial_number': (string);
  'asset_tag': (string);
  'product_name': (string);
}
