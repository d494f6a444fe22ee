// Calls this node makes to the cluster's nodes on behalf of a caller, through apid's own routing (as
// Talos's server-side health check calls its local apid with `node`/`nodes` metadata): a call to
// several nodes is answered by every node, tagged with its name, and a node that fails answers an
// entry carrying its error. The caller's roles travel with each call, so nothing is done that the
// caller could not do itself.
import { Metadata, status } from '@grpc/grpc-js';
import type { Backend, MethodInfo } from '../../../grpc/backend';
import { apiSchema } from '../../../grpc/api-schema';
import { ApiError, toStatus } from '../../../grpc/errors';
import type { CallContext } from '../../../grpc/handler';
import { goStatusText } from '../../../grpc/status-text';

/** How a call made by this node is routed (apid's router); undefined while apid is not serving. */
export type NodeRoute = (ctx: CallContext) => Backend;

/** A message's per-node metadata, as apid tags it. */
export interface NodeTag {
  readonly metadata?: { readonly hostname?: string; readonly error?: string } | null;
}

export type Target = { readonly nodes: readonly string[] } | { readonly node: string };

/** An error as Go's gRPC client shows it (`rpc error: code = … desc = …`). */
export function goErrorText(e: unknown): string {
  const s = toStatus(e);
  return goStatusText(s.code ?? status.UNKNOWN, s.details ?? '');
}

/** go-multierror's text, which Talos's checks print. */
export function multiError(errors: readonly string[]): string {
  if (errors.length === 1) return `1 error occurred:\n\t* ${errors[0]}\n\n`;
  return `${errors.length} errors occurred:\n\t${errors.map((e) => `* ${e}`).join('\n\t')}\n\n`;
}

/** The answers without error entries, and the errors as `node: error` (the client's FilterMessages). */
export function splitNodeErrors<T extends NodeTag>(messages: readonly T[]): { ok: T[]; errors: string[] } {
  const ok: T[] = [];
  const errors: string[] = [];
  for (const m of messages) {
    const err = m.metadata?.error ?? '';
    if (err === '') ok.push(m);
    else errors.push(`${m.metadata?.hostname ?? ''}: ${err}`);
  }
  return { ok, errors };
}

export class NodeCalls {
  constructor(
    private readonly route: NodeRoute,
    /** The call being served: its roles, peer and authority go with every call. */
    private readonly caller: CallContext,
  ) {}

  private method(path: string): MethodInfo {
    const m = apiSchema().methods.find((x) => x.path === path);
    if (!m) throw new ApiError(status.INTERNAL, `unknown method ${path}`);
    return m;
  }

  private context(path: string, target: Target, signal: AbortSignal): CallContext {
    const metadata = new Metadata();
    if ('node' in target) metadata.set('node', target.node);
    else for (const n of target.nodes) metadata.add('nodes', n);
    return {
      method: path,
      metadata,
      roles: this.caller.roles,
      signal,
      peer: this.caller.peer,
      ...(this.caller.authority !== undefined ? { authority: this.caller.authority } : {}),
    };
  }

  /** A unary call; its decoded answer. */
  async unary<T>(path: string, req: object, target: Target, signal: AbortSignal): Promise<T> {
    const m = this.method(path);
    const ctx = this.context(path, target, signal);
    const bytes = await this.route(ctx).unary(m, m.requestSerialize(req), ctx);
    return m.responseDeserialize(bytes) as T;
  }

  /** A server-streaming call; every decoded answer. */
  async stream<T>(path: string, req: object, target: Target, signal: AbortSignal): Promise<T[]> {
    const m = this.method(path);
    const ctx = this.context(path, target, signal);
    const out: T[] = [];
    await this.route(ctx).serverStream(m, m.requestSerialize(req), ctx, (b) => {
      out.push(m.responseDeserialize(b) as T);
      return Promise.resolve();
    });
    return out;
  }
}
