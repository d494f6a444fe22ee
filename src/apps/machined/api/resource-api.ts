// The COSI resource API (the service proto/ names cosi.resource.State): read-only access to the
// resource store, as talosctl get uses it.
// Writes are refused for everyone; sensitive resources are for os:admin only.
import type * as cosi from '../../../gen/api/cosi/resource';
import { ApiError, permissionDenied } from '../../../grpc/errors';
import { implement, type CallContext, type Implementation } from '../../../grpc/handler';
import { encodeResource, type MessageEncoder } from '../../../grpc/resource-codec';
import { status } from '@grpc/grpc-js';
import { findResourceDefinition } from '../../../resources/registry';
import { NAMESPACE_TYPE } from '../../../resources/meta/namespace';
import {
  RESOURCE_DEFINITION_TYPE,
  resourceDefinitionId,
  type ResourceDefinitionSpec,
} from '../../../resources/meta/resource-definition';
import {
  isNotFoundError,
  type LabelTerm,
  type ListOptions,
  type State,
  type WatchEvent,
} from '../../../state';

interface Pointer {
  namespace: string;
  type: string;
}
type QueryOptions = Pick<cosi.ListOptions, 'label_query' | 'id_query'>;

const writeRefused = (): ApiError => new ApiError(status.PERMISSION_DENIED, 'write access is not allowed');

const EVENT_TYPES: Readonly<Record<WatchEvent['type'], cosi.EventType>> = {
  created: 'CREATED',
  updated: 'UPDATED',
  destroyed: 'DESTROYED',
  bootstrapped: 'BOOTSTRAPPED',
  errored: 'ERRORED',
};

export function resourceApi(state: State, encode: MessageEncoder): Implementation<'cosi.resource.State'> {
  const toMessage = (r: Parameters<typeof encodeResource>[0]): Promise<cosi.ResourceInit> =>
    encodeResource(r, findResourceDefinition(r.metadata.type), encode);

  /** Talos's access policy: the type and namespace must be known; sensitive types need os:admin. */
  async function checkAccess(p: Pointer, ctx: CallContext): Promise<void> {
    let rd: ResourceDefinitionSpec;
    try {
      rd = (
        await state.get<ResourceDefinitionSpec>({
          namespace: 'meta',
          type: RESOURCE_DEFINITION_TYPE,
          id: resourceDefinitionId(p.type),
        })
      ).spec;
    } catch (e: unknown) {
      if (isNotFoundError(e))
        throw new ApiError(
          status.PERMISSION_DENIED,
          `resource type ${JSON.stringify(p.type)} is not supported`,
        );
      throw e;
    }
    if (rd.sensitivity === 'sensitive' && !ctx.roles.has('os:admin')) throw permissionDenied();
    try {
      await state.get({ namespace: 'meta', type: NAMESPACE_TYPE, id: p.namespace });
    } catch (e: unknown) {
      if (isNotFoundError(e))
        throw new ApiError(
          status.PERMISSION_DENIED,
          `namespace ${JSON.stringify(p.namespace)} is not supported`,
        );
      throw e;
    }
  }

  return implement('cosi.resource.State', {
    Get: async (req, ctx) => {
      await checkAccess(req, ctx);
      const r = await state.get({ namespace: req.namespace, type: req.type, id: req.id ?? '' });
      return { resource: await toMessage(r) };
    },

    List: async (req, ctx, send) => {
      await checkAccess(req, ctx);
      for (const r of await state.list(req, listOptions(req.options)))
        await send({ resource: await toMessage(r) });
    },

    Watch: async (req, ctx, send) => {
      await checkAccess(req, ctx);
      const single = req._id === 'id' || (req.id !== undefined && req.id !== '');
      const opts = req.options ?? undefined;
      if (single && opts?.bootstrap_contents) {
        throw new ApiError(status.UNIMPLEMENTED, 'bootstrap contents is not implemented for resource watch');
      }
      const events = single
        ? state.watch({ namespace: req.namespace, type: req.type, id: req.id ?? '' }, ctx.signal)
        : state.watchKind(req, ctx.signal, {
            ...listOptions(opts),
            bootstrapContents: opts?.bootstrap_contents ?? false,
            ...(opts?.tail_events ? { tailEvents: opts.tail_events } : {}),
            ...(opts?.start_from_bookmark?.length
              ? { startFromBookmark: opts.start_from_bookmark.toString() }
              : {}),
          });
      const iterator = events[Symbol.asyncIterator]();
      // The first (empty) answer tells the client that the watch is established.
      const first = iterator.next();
      await send({ event: [] });
      for (let item = await first; !item.done; item = await iterator.next()) {
        const e = item.value;
        if (req.api_version < 1 && (e.type === 'bootstrapped' || e.type === 'errored')) continue;
        await send({
          event: [
            {
              event_type: EVENT_TYPES[e.type],
              ...(e.resource ? { resource: await toMessage(e.resource) } : {}),
              ...(e.old ? { old: await toMessage(e.old) } : {}),
              ...(e.error !== undefined ? { error: e.error } : {}),
              ...(e.bookmark !== undefined ? { bookmark: Buffer.from(e.bookmark) } : {}),
            },
          ],
        });
      }
    },

    Create: () => Promise.reject(writeRefused()),
    Update: () => Promise.reject(writeRefused()),
    Destroy: () => Promise.reject(writeRefused()),
    Teardown: () => Promise.reject(writeRefused()),
    TeardownAndDestroy: () => Promise.reject(writeRefused()),
  });
}

const MAX_ID_QUERY_LENGTH = 256;

const LABEL_OPS: Readonly<Partial<Record<cosi.LabelTerm_Operation, LabelTerm['op']>>> = {
  EXISTS: 'exists',
  EQUAL: 'equal',
  NOT_EXISTS: 'notExists',
  IN: 'in',
};

function listOptions(opts: QueryOptions | null | undefined): ListOptions {
  const labels: LabelTerm[] = [];
  for (const q of opts?.label_query ?? []) {
    for (const t of q.terms) {
      const op = LABEL_OPS[t.op];
      if (!op) throw new ApiError(status.UNIMPLEMENTED, `label query operation ${t.op} is not supported`);
      labels.push({ key: t.key, op, values: t.value, invert: t.invert });
    }
  }
  let idRegexp: RegExp | undefined;
  if (opts?.id_query?.regexp) {
    // JavaScript regular expressions backtrack (Go's do not): keep hostile patterns short.
    if (opts.id_query.regexp.length > MAX_ID_QUERY_LENGTH) {
      throw new ApiError(
        status.INVALID_ARGUMENT,
        `id query is longer than ${MAX_ID_QUERY_LENGTH} characters`,
      );
    }
    try {
      idRegexp = new RegExp(opts.id_query.regexp);
    } catch {
      throw new ApiError(status.INVALID_ARGUMENT, 'id query is not a valid regular expression');
    }
  }
  return { labels, ...(idRegexp ? { idRegexp } : {}) };
}
