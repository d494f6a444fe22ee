// The Services.v1alpha1.talos.dev resources mirroring the services, as Talos's v1alpha1.ServiceController
// derives them from the service events: a Running event (state or health) writes {running, healthy,
// unknown}; any other event removes it. Writes are applied one at a time, in event order.
import type { Logger } from '../log';
import { ServiceDefinition, type ServiceSpec } from '../resources/v1alpha1/service';
import { isNotFoundError, type ResourcePointer, type State } from '../state';
import { errorMessage } from '../error-message';
import type { ServiceEvent } from './service';

/** The owner of the resources (Talos's controller name). */
export const SERVICE_RESOURCE_OWNER = 'v1alpha1.ServiceController';

export class ServiceResources {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: State,
    private readonly logger: Logger,
  ) {}

  record(id: string, event: ServiceEvent): void {
    this.chain = this.chain.then(() => this.write(id, event));
  }

  /** Resolves once every write recorded so far is applied. */
  settled(): Promise<void> {
    return this.chain;
  }

  private async write(id: string, event: ServiceEvent): Promise<void> {
    const pointer: ResourcePointer = {
      namespace: ServiceDefinition.defaultNamespace,
      type: ServiceDefinition.type,
      id,
    };
    try {
      if (event.state === 'Running') {
        const spec: ServiceSpec = {
          running: true,
          healthy: event.health?.healthy ?? false,
          unknown: event.health?.unknown ?? true,
        };
        await this.state.modify<ServiceSpec>(pointer, () => spec, { owner: SERVICE_RESOURCE_OWNER });
        return;
      }
      await this.state.destroy(pointer, { owner: SERVICE_RESOURCE_OWNER });
    } catch (e: unknown) {
      if (isNotFoundError(e)) return;
      this.logger.info({ id, error: errorMessage(e) }, 'failed updating service resource');
    }
  }
}
