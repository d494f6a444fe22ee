// Original file: proto/resource/definitions/hardware/hardware.proto


export interface SystemInformationSpec {
  'manufacturer'?: (string);
  'product_name'?: (string);
  'version'?: (string);
  'serial_number'?: (string);
  'uuid'?: (string);
  'wake_up_type'?: (string);
  'sku_number'?: (string);
}

export interface SystemInformationSpec__Output {
  'manufacturer': (string);
  'product_name': (string);
  'version': (string);
  'serial_number': (string);
  'uuid': (string);
  'wake_up_type': (string);
  'sku_number': (string);
}
