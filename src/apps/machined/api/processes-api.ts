// machine.MachineService Processes and Mounts (`talosctl processes`, `talosctl mounts`): the processes
// and the mount table as this agent's process sees them (src/procfs), as Talos reports them. In
// container mode: the host's processes and the agent's mount namespace, as a Talos container sees its own.
import { implement, type Implementation } from '../../../grpc/handler';
import { readMounts } from '../../../procfs/mounts';
import { readProcesses } from '../../../procfs/processes';
import { fromKernel, u64 } from './kernel-view';

export function processesApi(): Implementation<'machine.MachineService'> {
  return implement('machine.MachineService', {
    Processes: () =>
      fromKernel(async () => {
        const processes = (await readProcesses()).map((p) => ({
          pid: p.pid,
          ppid: p.ppid,
          state: p.state,
          threads: p.threads,
          cpu_time: p.cpuTime,
          virtual_memory: u64(p.virtualMemory),
          resident_memory: u64(p.residentMemory),
          command: p.command,
          executable: p.executable,
          args: p.args,
          label: p.label,
        }));
        return { messages: [{ processes }] };
      }),

    Mounts: () =>
      fromKernel(async () => {
        const stats = (await readMounts()).map((m) => ({
          filesystem: m.filesystem,
          size: u64(m.size),
          available: u64(m.available),
          mounted_on: m.mountedOn,
        }));
        return { messages: [{ stats }] };
      }),
  });
}
