// A call sent to several nodes at once (`nodes` metadata), answered the way Talos's apid answers it:
// - unary: every node's answer is tagged with the node (metadata.hostname) and the answers are
//   concatenated into one `messages` list; a node that fails contributes an entry whose metadata
//   carries hostname, error and status, and the call itself succeeds;
// - streams: every message is tagged as it arrives, and a node that fails sends its error entry.
// Nodes run concurrently. A unary fan-out answers a little before the caller's deadline with what it
// has: a node still working by then is cut off and reported as DeadlineExceeded, so one slow node
// never costs the caller the others' answers.
import { status } from '@grpc/grpc-js';
import type { Backend, MethodInfo } from '../../grpc/backend';
import { ApiError, toStatus } from '../../grpc/errors';
import type { CallContext } from '../../grpc/handler';
import { goStatusText } from '../../grpc/status-text';
import { appendToMessages, appendToStreamed, failureEntry, type NodeFailure } from './append-metadata';
import { teeRequests } from './request-tee';

export interface Target {
  /** The node as the caller named it (what its answers are tagged with). */
  readonly name: string;
  readonly backend: Backend;
}

/** How long before the caller's deadline a unary fan-out answers: a tenth of the time, ≤ 500 ms. */
export function cutoffOf(deadline: number | undefined, now = Date.now()): number {
  if (deadline === undefined || !Number.isFinite(deadline)) return Infinity;
  return deadline - Math.min(500, Math.max(0, deadline - now) / 10);
}

export function failureOf(e: unknown): NodeFailure {
  const s = toStatus(e);
  const code = s.code ?? status.UNKNOWN;
  const message = s.details ?? '';
  return { code, message, error: goStatusText(code, message) };
}

interface SubCall {
  readonly ctx: CallContext;
  abort(): void;
  dispose(): void;
}

/** One node's share of the call: cancelled with the caller, or on its own at its deadline. */
function subCall(ctx: CallContext, deadline: number): SubCall {
  const controller = new AbortController();
  const parent = ctx.signal;
  const abort = (): void => controller.abort();
  if (parent.aborted) abort();
  else parent.addEventListener('abort', abort, { once: true });
  const sub: CallContext = {
    method: ctx.method,
    metadata: ctx.metadata,
    roles: ctx.roles,
    peer: ctx.peer,
    deadline,
    ...(ctx.authority !== undefined ? { authority: ctx.authority } : {}),
    signal: controller.signal,
  };
  return { ctx: sub, abort, dispose: () => parent.removeEventListener('abort', abort) };
}

/** `work`, or DeadlineExceeded at `cutoff` (and the node's share aborted). */
async function beforeCutoff<T>(work: Promise<T>, sub: SubCall, cutoff: number): Promise<T> {
  if (!Number.isFinite(cutoff)) return work;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        sub.abort();
        reject(new ApiError(status.DEADLINE_EXCEEDED, 'context deadline exceeded'));
      },
      Math.max(0, cutoff - Date.now()),
    );
  });
  work.catch(() => undefined); // its failure after the cutoff is not waited for
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

export class OneToManyBackend implements Backend {
  constructor(private readonly targets: readonly Target[]) {}

  unary(m: MethodInfo, req: Buffer, ctx: CallContext): Promise<Buffer> {
    return this.merge(ctx, (t, sub) => t.backend.unary(m, req, sub));
  }

  clientStream(m: MethodInfo, reqs: AsyncIterable<Buffer>, ctx: CallContext): Promise<Buffer> {
    const branches = teeRequests(reqs, this.targets.length);
    return this.merge(ctx, (t, sub, i) => {
      const branch = branches[i]!;
      return t.backend.clientStream(m, branch, sub).finally(() => branch.release());
    });
  }

  serverStream(
    m: MethodInfo,
    req: Buffer,
    ctx: CallContext,
    send: (res: Buffer) => Promise<void>,
  ): Promise<void> {
    return this.stream(ctx, send, (t, sub, out) => t.backend.serverStream(m, req, sub, out));
  }

  bidi(
    m: MethodInfo,
    reqs: AsyncIterable<Buffer>,
    ctx: CallContext,
    send: (res: Buffer) => Promise<void>,
  ): Promise<void> {
    const branches = teeRequests(reqs, this.targets.length);
    return this.stream(ctx, send, (t, sub, out, i) => {
      const branch = branches[i]!;
      return t.backend.bidi(m, branch, sub, out).finally(() => branch.release());
    });
  }

  private async merge(
    ctx: CallContext,
    call: (t: Target, sub: CallContext, i: number) => Promise<Buffer>,
  ): Promise<Buffer> {
    const cutoff = cutoffOf(ctx.deadline);
    const parts = await Promise.all(
      this.targets.map(async (t, i) => {
        const sub = subCall(ctx, Math.min(cutoff, ctx.deadline ?? Infinity));
        try {
          const answer = await beforeCutoff(call(t, sub.ctx, i), sub, cutoff);
          return appendToMessages(answer, t.name);
        } catch (e: unknown) {
          return failureEntry(t.name, failureOf(e), false);
        } finally {
          sub.dispose();
        }
      }),
    );
    if (ctx.signal.aborted) throw new ApiError(status.CANCELLED, 'call cancelled');
    return Buffer.concat(parts);
  }

  private async stream(
    ctx: CallContext,
    send: (res: Buffer) => Promise<void>,
    call: (t: Target, sub: CallContext, out: (b: Buffer) => Promise<void>, i: number) => Promise<void>,
  ): Promise<void> {
    await Promise.all(
      this.targets.map(async (t, i) => {
        const sub = subCall(ctx, ctx.deadline ?? Infinity);
        try {
          await call(t, sub.ctx, (b) => send(appendToStreamed(b, t.name)), i);
        } catch (e: unknown) {
          if (ctx.signal.aborted) return;
          await send(failureEntry(t.name, failureOf(e), true)).catch(() => undefined);
        } finally {
          sub.dispose();
        }
      }),
    );
  }
}
