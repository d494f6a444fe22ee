// The config parser (YAML, JSON Schema, validation) is loaded on first use: a node in maintenance
// mode starts without it.
import type { MachineConfig } from '../../config';

export async function parseConfig(bytes: Buffer): Promise<MachineConfig> {
  const { parseMachineConfig } = await import('../../config');
  return parseMachineConfig(bytes);
}
