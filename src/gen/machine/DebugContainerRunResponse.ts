// Original file: proto/machine/debug.proto


export interface DebugContainerRunResponse {
  'stdout_data'?: (Buffer | Uint8Array | string);
  'exit_code'?: (number);
  'resp'?: "stdout_data"|"exit_code";
}

export interface DebugContainerRunResponse__Output {
  'stdout_data'?: (Buffer);
  'exit_code'?: (number);
  'resp'?: "stdout_data"|"exit_code";
}
