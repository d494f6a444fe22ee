// ProbeStatuses.net.talos.dev: the outcome of a probe (same ID as its ProbeSpec in `network`).
import { defineResource } from '../definition';

export interface ProbeStatusSpec {
  success: boolean;
  lastError: string;
}

export const ProbeStatusDefinition = defineResource<ProbeStatusSpec>({
  type: 'ProbeStatuses.net.talos.dev',
  defaultNamespace: 'network',
  aliases: ['probe', 'probes'],
  printColumns: [{ name: 'Success', jsonPath: '{.success}' }],
  protoSpec: 'talos.resource.definitions.network.ProbeStatusSpec',
  toProto: (s) => ({ success: s.success, last_error: s.lastError }),
});
