// Services.v1alpha1.talos.dev: one per service that is running now (id = service id), with its health.
// The supervisor (src/system/service-resources.ts) writes it, as Talos's v1alpha1.ServiceController does
// from the service events: created/updated on every Running event, destroyed on any other.
import { defineResource } from '../definition';

export interface ServiceSpec {
  running: boolean;
  healthy: boolean;
  unknown: boolean;
}

export const ServiceDefinition = defineResource<ServiceSpec>({
  type: 'Services.v1alpha1.talos.dev',
  defaultNamespace: 'runtime',
  aliases: ['svc'],
  printColumns: [
    { name: 'Running', jsonPath: '{.running}' },
    { name: 'Healthy', jsonPath: '{.healthy}' },
    { name: 'Health Unknown', jsonPath: '{.unknown}' },
  ],
  protoSpec: 'talos.resource.definitions.v1alpha1.ServiceSpec',
});
