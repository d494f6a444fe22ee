// TimeServerStatuses.net.talos.dev: the time servers in effect (id "timeservers").
import { defineResource } from '../definition';

export interface TimeServerStatusSpec {
  timeServers: string[];
}

export const TimeServerStatusDefinition = defineResource<TimeServerStatusSpec>({
  type: 'TimeServerStatuses.net.talos.dev',
  defaultNamespace: 'network',
  aliases: ['timeserver', 'timeservers'],
  printColumns: [{ name: 'Timeservers', jsonPath: '{.timeServers}' }],
  protoSpec: 'talos.resource.definitions.network.TimeServerStatusSpec',
  toProto: (s) => ({ ntp_servers: s.timeServers }),
});
