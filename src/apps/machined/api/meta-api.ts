// machine.MachineService MetaWrite and MetaDelete (`talosctl meta write|delete`): keys are one byte,
// written to META at once (kept in memory on a machine without the partition), each key also shown as a
// MetaKeys resource (`talosctl get metakeys`). The container platform has no META: FailedPrecondition.
import { status } from '@grpc/grpc-js';
import { ApiError } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import { metaKeyId, type MetaStore } from '../../../install/meta-store';
import { MetaKeyDefinition } from '../../../resources/runtime/meta-key';
import { isNotFoundError, type State } from '../../../state';
import { checkSupported, type PlatformName } from '../platform';

const pointer = (tag: number) => ({
  namespace: MetaKeyDefinition.defaultNamespace,
  type: MetaKeyDefinition.type,
  id: metaKeyId(tag),
});

/** The MetaKeys resources for every key in the store (at boot). */
export async function publishMetaKeys(state: State, meta: MetaStore): Promise<void> {
  for (const [tag, value] of meta.entries())
    await state.modify(pointer(tag), () => ({ value: value.toString('utf8') }));
}

function keyOf(req: { key?: number }): number {
  const key = req.key ?? 0;
  if (!Number.isInteger(key) || key < 0 || key > 255)
    throw new ApiError(status.INVALID_ARGUMENT, 'key must be a uint8');
  return key;
}

export function metaApi(
  platform: PlatformName,
  state: State,
  meta: MetaStore | undefined,
): Implementation<'machine.MachineService'> {
  const store = (): MetaStore => {
    checkSupported(platform, 'metaKV');
    if (!meta) throw new ApiError(status.FAILED_PRECONDITION, 'META is not available');
    return meta;
  };
  return implement('machine.MachineService', {
    MetaWrite: async (req) => {
      const m = store();
      const key = keyOf(req);
      const value = Buffer.from(req.value ?? Buffer.alloc(0));
      if (!m.set(key, value)) throw new ApiError(status.RESOURCE_EXHAUSTED, 'meta write failed');
      await m.flush();
      await state.modify(pointer(key), () => ({ value: value.toString('utf8') }));
      return { messages: [{}] };
    },
    MetaDelete: async (req) => {
      const m = store();
      const key = keyOf(req);
      if (!m.delete(key)) throw new ApiError(status.NOT_FOUND, 'meta key not found');
      await m.flush();
      await state.destroy(pointer(key)).catch((e: unknown) => {
        if (!isNotFoundError(e)) throw e;
      });
      return { messages: [{}] };
    },
  });
}
