// Which backend serves a call, from its routing metadata (as Talos's apid director decides):
// - routing off (maintenance), a call forwarded by another apid (`proxyfrom`), or no `node`/`nodes`:
//   the local machined;
// - `nodes`: one-to-many, for the services Talos allows it for (InvalidArgument for the others);
// - `node` (one value): that node, its answers passed through untouched; this node is served here.
// A node that cannot forward (a worker has no client certificate to present to its peers) serves a
// single target that is itself, and refuses anything else with PermissionDenied.
import { status } from '@grpc/grpc-js';
import type { Backend } from '../../grpc/backend';
import { ApiError } from '../../grpc/errors';
import type { CallContext } from '../../grpc/handler';
import { OneToManyBackend } from './one-to-many';

const ONE_TO_MANY_SERVICES = [
  '/machine.MachineService/',
  '/cluster.ClusterService/',
  '/inspect.InspectService/',
  '/storage.StorageService/',
  '/time.TimeService/',
];

export interface RouterOptions {
  readonly local: Backend;
  readonly routingDisabled: boolean;
  readonly isLocalTarget: (target: string) => boolean;
  /**
   * How this node reaches another node, asked on every call (it changes with the certificates);
   * undefined while this node does not forward.
   */
  readonly peers?: () => ((target: string) => Backend) | undefined;
  /** Why this node does not forward (PermissionDenied), for a node without `peer`. */
  readonly forwardingRefused?: () => ApiError;
}

/**
 * Metadata values as sent: Go sends each value as its own header, HTTP/2 in Node joins repeated
 * headers with ", ", so both forms are read.
 */
export function metadataValues(ctx: Pick<CallContext, 'metadata'>, key: string): string[] {
  return ctx.metadata
    .get(key)
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function createRouter(opts: RouterOptions): (ctx: CallContext) => Backend {
  const { local, isLocalTarget } = opts;
  const refused = (): ApiError =>
    opts.forwardingRefused?.() ?? new ApiError(status.PERMISSION_DENIED, 'no request forwarding');
  return (ctx) => {
    if (opts.routingDisabled || ctx.metadata.get('proxyfrom').length > 0) return local;
    let node = metadataValues(ctx, 'node');
    let nodes = metadataValues(ctx, 'nodes');
    if (node.length > 1) throw new ApiError(status.INVALID_ARGUMENT, 'node metadata must be single-valued');
    const peer = opts.peers?.();
    if (!peer) {
      // without forwarding, a single target that is this node is as good as none
      if (node.length === 1 && isLocalTarget(node[0]!)) node = [];
      if (nodes.length === 1 && isLocalTarget(nodes[0]!)) nodes = [];
    }
    if (nodes.length > 0) {
      if (!ONE_TO_MANY_SERVICES.some((prefix) => ctx.method.startsWith(prefix)))
        throw new ApiError(
          status.INVALID_ARGUMENT,
          `one-2-many proxying is not supported for method ${ctx.method}`,
        );
      if (!peer) throw refused();
      return new OneToManyBackend(
        nodes.map((name) => ({ name, backend: isLocalTarget(name) ? local : peer(name) })),
      );
    }
    if (node.length === 1) {
      const target = node[0]!;
      if (isLocalTarget(target)) return local;
      if (!peer) throw refused();
      return peer(target);
    }
    return local;
  };
}
