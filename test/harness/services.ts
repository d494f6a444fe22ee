// What the service tests share: the node's services as ServiceList answers.
import type { TestClient } from './client';

/** machine.ServiceInfo as the tests read it. */
export interface ServiceInfo {
  id: string;
  state: string;
  events: { events: { msg: string; state: string }[] };
  health: { healthy: boolean; unknown: boolean };
}

/** machine.ContainerInfo as the tests read it. */
export interface ContainerInfo {
  namespace: string;
  id: string;
  internal_id: string;
  pod_id: string;
  name: string;
  image: string;
  pid: number;
  status: string;
}

export async function listServices(client: TestClient): Promise<ServiceInfo[]> {
  const r = await client.unary<{ messages: { services: ServiceInfo[] }[] }>(
    '/machine.MachineService/ServiceList',
    {},
  );
  return r.messages[0]?.services ?? [];
}
