// What the service tests share: finding a host tool, and the node's services as ServiceList answers.
import { execFileSync } from 'node:child_process';
import type { TestClient } from './client';

/** The path of a command on this host, or undefined when it is not installed. */
export function which(cmd: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

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
