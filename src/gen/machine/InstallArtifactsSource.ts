// Original file: proto/machine/lifecycle.proto


export interface InstallArtifactsSource {
  'image_name'?: (string);
}

export interface InstallArtifactsSource__Output {
  'image_name': (string);
}
