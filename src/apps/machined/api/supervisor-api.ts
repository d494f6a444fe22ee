// machine.MachineService ServiceList, ServiceStart, ServiceStop and ServiceRestart, over the supervisor,
// answering as Talos v1.13 does: an unknown id or a service whose API action Talos does not allow is an
// error with Talos's message; starting a running service or stopping a stopped one does nothing.
import { status } from '@grpc/grpc-js';
import { ApiError } from '../../../grpc/errors';
import type * as machine from '../../../gen/api/machine';
import { implement, type Implementation } from '../../../grpc/handler';
import { toTimestamp } from '../../../grpc/resource-codec';
import type { HealthStatus, ServiceControl, ServiceEvent, ServiceInfo } from '../../../system/service';

const healthProto = (h: HealthStatus): machine.ServiceHealthInit => ({
  unknown: h.unknown,
  healthy: h.healthy,
  last_message: h.lastMessage,
  last_change: toTimestamp(h.lastChange),
});

const eventProto = (e: ServiceEvent): machine.ServiceEventInit => ({
  msg: e.message,
  state: e.state,
  ts: toTimestamp(e.timestamp),
});

export const serviceInfoProto = (s: ServiceInfo): machine.ServiceInfoInit => ({
  id: s.id,
  state: s.state,
  events: { events: s.events.map(eventProto) },
  health: healthProto(s.health),
});

/** Talos's `IsRunning`: started means in any state but Finished, Failed, Skipped or never started. */
function isRunning(s: ServiceInfo): boolean {
  return !['Initialized', 'Finished', 'Failed', 'Skipped'].includes(s.state);
}

export function supervisorApi(
  services: () => ServiceControl | undefined,
): Implementation<'machine.MachineService'> {
  const known = (id: string): { control: ServiceControl; info: ServiceInfo } => {
    const control = services();
    const info = control?.info(id);
    if (!control || !info) throw new ApiError(status.UNKNOWN, `service "${id}" not defined`);
    return { control, info };
  };
  const refuse = (id: string, action: string) =>
    new ApiError(status.UNKNOWN, `service "${id}" doesn't support ${action} operation via API`);

  const start = async (id: string): Promise<void> => {
    const { control, info } = known(id);
    if (isRunning(info)) return;
    if (!control.apiAllowed(id, 'start')) throw refuse(id, 'start');
    await control.start(id);
  };

  return implement('machine.MachineService', {
    ServiceList: () =>
      Promise.resolve({ messages: [{ services: (services()?.list() ?? []).map(serviceInfoProto) }] }),
    ServiceStart: async (req) => {
      const id = req.id ?? '';
      await start(id);
      return { messages: [{ resp: `Service "${id}" started` }] };
    },
    ServiceStop: async (req) => {
      const id = req.id ?? '';
      const { control, info } = known(id);
      if (isRunning(info)) {
        if (!control.apiAllowed(id, 'stop')) throw refuse(id, 'stop');
        await control.stop(id);
      }
      return { messages: [{ resp: `Service "${id}" stopped` }] };
    },
    ServiceRestart: async (req) => {
      const id = req.id ?? '';
      const { control, info } = known(id);
      if (!isRunning(info)) await start(id);
      else {
        if (!control.apiAllowed(id, 'restart')) throw refuse(id, 'restart');
        await control.restart(id);
      }
      return { messages: [{ resp: `Service "${id}" restarted` }] };
    },
  });
}
