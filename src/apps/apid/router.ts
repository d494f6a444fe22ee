// Which backend serves a call: the local machined, or the nodes named in the `node`/`nodes`
// metadata. Forwarding to other nodes is not built yet; calls aimed at this node are served locally.
import { status } from '@grpc/grpc-js';
import type { Backend, MethodInfo } from '../../grpc/backend';
import { ApiError } from '../../grpc/errors';
import type { CallContext } from '../../grpc/handler';
import { appendToMessages, appendToStreamed } from './append-metadata';

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
}

export function createRouter({
  local,
  routingDisabled,
  isLocalTarget,
}: RouterOptions): (ctx: CallContext) => Backend {
  return (ctx) => {
    if (routingDisabled || ctx.metadata.get('proxyfrom').length > 0) return local;
    const node = ctx.metadata.get('node').map(String);
    const nodes = ctx.metadata.get('nodes').map(String);
    if (node.length > 1) throw new ApiError(status.INVALID_ARGUMENT, 'node metadata must be single-valued');
    if (nodes.length > 0) {
      if (!ONE_TO_MANY_SERVICES.some((prefix) => ctx.method.startsWith(prefix))) {
        throw new ApiError(
          status.INVALID_ARGUMENT,
          `one-2-many proxying is not supported for method ${ctx.method}`,
        );
      }
      const remote = nodes.filter((n) => !isLocalTarget(n));
      if (remote.length > 0) throw notForwarded(remote);
      if (nodes.length > 1)
        throw new ApiError(status.INVALID_ARGUMENT, 'the same node is named more than once');
      return withNodeMetadata(local, nodes[0]!);
    }
    if (node.length === 1 && !isLocalTarget(node[0]!)) throw notForwarded(node);
    return local;
  };
}

const notForwarded = (targets: string[]): ApiError =>
  new ApiError(
    status.UNAVAILABLE,
    `forwarding to other nodes (${targets.join(', ')}) is not available on this node yet`,
  );

/** Answers of a one-to-many call carry the node they came from. */
function withNodeMetadata(inner: Backend, target: string): Backend {
  return {
    unary: async (m: MethodInfo, req, ctx) => appendToMessages(await inner.unary(m, req, ctx), target),
    clientStream: async (m, reqs, ctx) => appendToMessages(await inner.clientStream(m, reqs, ctx), target),
    serverStream: (m, req, ctx, send) =>
      inner.serverStream(m, req, ctx, (b) => send(appendToStreamed(b, target))),
    bidi: (m, reqs, ctx, send) => inner.bidi(m, reqs, ctx, (b) => send(appendToStreamed(b, target))),
  };
}
