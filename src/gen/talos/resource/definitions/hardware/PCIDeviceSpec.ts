// Original file: proto/resource/definitions/hardware/hardware.proto


export interface PCIDeviceSpec {
  'class'?: (string);
  'subclass'?: (string);
  'vendor'?: (string);
  'product'?: (string);
  'class_id'?: (string);
  'subclass_id'?: (string);
  'vendor_id'?: (string);
  'product_id'?: (string);
  'driver'?: (string);
}

export interface PCIDeviceSpec__Output {
  'class': (string);
  'subclass': (string);
  'vendor': (string);
  'product': (string);
  'class_id': (string);
  'subclass_id': (string);
  'vendor_id': (string);
  'product_id': (string);
  'driver': (string);
}
