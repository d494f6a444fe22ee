// Original file: proto/resource/definitions/hardware/hardware.proto


export interface PCIDriverRebindConfigSpec {
  'pciid'?: (string);
  'target_driver'?: (string);
}

export interface PCIDriverRebindConfigSpec__Output {
  'pciid': (string);
  'target_driver': (string);
}
