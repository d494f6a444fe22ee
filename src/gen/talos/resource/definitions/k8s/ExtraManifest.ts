// Original file: proto/resource/definitions/k8s/k8s.proto


export interface ExtraManifest {
  'name'?: (string);
  'url'?: (string);
  'priority'?: (string);
  'extra_headers'?: ({[key: string]: string});
  'inline_manifest'?: (string);
}

export interface ExtraManifest__Output {
  'name': (string);
  'url': (string);
  'priority': (string);
  'extra_headers': ({[key: string]: string});
  'inline_manifest': (string);
}
