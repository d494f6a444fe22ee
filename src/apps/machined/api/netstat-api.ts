// machine.MachineService Netstat (`talosctl netstat`): the kernel's socket tables of the host network
// namespace and of named ones (src/procfs), filtered as Talos filters them (listening: the remote end
// is the unspecified address and port 0; connected: both set), with the owning process on request.
import { join } from 'node:path';
import { invalidArgument } from '../../../grpc/errors';
import type * as machine from '../../../gen/api/machine';
import { implement, type Implementation } from '../../../grpc/handler';
import { formatIp } from '../../../procfs/ip-format';
import { listNamedNetns, pidsOfNamedNetns } from '../../../procfs/named-netns';
import { readSocketOwners, type SocketOwner } from '../../../procfs/socket-owners';
import {
  isUnspecified,
  readSocketTable,
  SOCKET_TABLES,
  type SocketEntry,
  type SocketTable,
} from '../../../procfs/socket-table';
import { u64 } from './kernel-view';

const FILTERS: Readonly<Record<string, (e: SocketEntry) => boolean>> = {
  ALL: () => true,
  LISTENING: (e) => isUnspecified(e.remote.ip) && e.remote.port === 0,
  CONNECTED: (e) => !isUnspecified(e.remote.ip) && e.remote.port !== 0,
};

function record(e: SocketEntry, netns: string, owner: SocketOwner | undefined): machine.ConnectRecordInit {
  return {
    l4proto: e.table,
    localip: formatIp(e.local.ip),
    localport: e.local.port,
    remoteip: formatIp(e.remote.ip),
    remoteport: e.remote.port,
    state: e.state,
    txqueue: u64(e.txQueue),
    rxqueue: u64(e.rxQueue),
    tr: e.timerActive,
    timerwhen: u64(e.timerWhen),
    retrnsmt: u64(e.retransmits),
    uid: e.uid,
    timeout: u64(e.timeout),
    inode: u64(e.inode),
    ref: u64(e.ref),
    pointer: u64(e.pointer),
    process: owner ? { pid: owner.pid, name: owner.name } : {},
    netns,
  };
}

/** The network namespaces to read: '' for the agent's own (`/proc/net`), else PID → name. */
async function namespaces(req: machine.NetstatRequest, netnsDir: string): Promise<[string, string][]> {
  const ns = req.netns;
  const names = ns?.allnetns ? await listNamedNetns(netnsDir) : (ns?.netns ?? []);
  const named = names.length > 0 ? await pidsOfNamedNetns(netnsDir, names) : new Map<number, string>();
  const out: [string, string][] = ns?.hostnetwork ? [['/proc/net', '']] : [];
  for (const [pid, name] of named) out.push([`/proc/${pid}/net`, name]);
  return out;
}

/** `rootDir`: the directory standing in for `/`, whose var/run/netns holds the named namespaces. */
export function netstatApi(rootDir: string): Implementation<'machine.MachineService'> {
  const netnsDir = join(rootDir, 'var/run/netns');
  return implement('machine.MachineService', {
    Netstat: async (req) => {
      const accept = FILTERS[req.filter];
      if (!accept) throw invalidArgument(`invalid filter: ${String(req.filter)}`);
      const l4 = req.l4proto;
      const tables = SOCKET_TABLES.filter((t: SocketTable) => l4?.[t] === true);
      const [spaces, owners] = await Promise.all([
        namespaces(req, netnsDir),
        req.feature?.pid ? readSocketOwners() : Promise.resolve(undefined),
      ]);
      const reads = spaces.flatMap(([dir, name]) =>
        tables.map(async (t) =>
          (await readSocketTable(dir, t)).filter(accept).map((e) => [e, name] as const),
        ),
      );
      const entries = (await Promise.all(reads)).flat();
      const connectrecord = entries.map(([e, name]) => record(e, name, owners?.get(e.inode)));
      return { messages: [{ connectrecord }] };
    },
  });
}
