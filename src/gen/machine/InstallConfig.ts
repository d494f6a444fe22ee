// Original file: proto/machine/machine.proto


export interface InstallConfig {
  'install_disk'?: (string);
  'install_image'?: (string);
}

export interface InstallConfig__Output {
  'install_disk': (string);
  'install_image': (string);
}
