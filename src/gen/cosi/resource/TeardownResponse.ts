// Original file: proto/v1alpha1/state.proto


export interface TeardownResponse {
  'destroy_ready'?: (boolean);
}

export interface TeardownResponse__Output {
  'destroy_ready': (boolean);
}
