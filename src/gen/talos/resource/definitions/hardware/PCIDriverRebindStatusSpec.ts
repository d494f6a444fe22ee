// Original file: proto/resource/definitions/hardware/hardware.proto


export interface PCIDriverRebindStatusSpec {
  'pciid'?: (string);
  'target_driver'?: (string);
}

export interface PCIDriverRebindStatusSpec__Output {
  'pciid': (string);
  'target_driver': (string);
}
