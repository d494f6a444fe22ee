// Original file: proto/resource/definitions/runtime/runtime.proto


export interface BootedEntrySpec {
  'booted_entry'?: (string);
}

export interface BootedEntrySpec__Output {
  'booted_entry': (string);
}
