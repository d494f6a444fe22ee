// Original file: proto/machine/debug.proto

import type { DebugContainerRunRequestSpec as _machine_DebugContainerRunRequestSpec, DebugContainerRunRequestSpec__Output as _machine_DebugContainerRunRequestSpec__Output } from '../machine/DebugContainerRunRequestSpec';
import type { DebugContainerTerminalResize as _machine_DebugContainerTerminalResize, DebugContainerTerminalResize__Output as _machine_DebugContainerTerminalResize__Output } from '../machine/DebugContainerTerminalResize';

export interface DebugContainerRunRequest {
  'spec'?: (_machine_DebugContainerRunRequestSpec | null);
  'stdin_data'?: (Buffer | Uint8Array | string);
  'signal'?: (number);
  'term_resize'?: (_machine_DebugContainerTerminalResize | null);
  'request'?: "spec"|"stdin_data"|"signal"|"term_resize";
}

export interface DebugContainerRunRequest__Output {
  'spec'?: (_machine_DebugContainerRunRequestSpec__Output | null);
  'stdin_data'?: (Buffer);
  'signal'?: (number);
  'term_resize'?: (_machine_DebugContainerTerminalResize__Output | null);
  'request'?: "spec"|"stdin_data"|"signal"|"term_resize";
}
