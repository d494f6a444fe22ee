// A read that answers undefined for a resource that does not exist (yet), instead of throwing; for the
// store itself and for anything that reads like it (a controller's context).
import { isNotFoundError } from './errors';
import type { Resource, ResourcePointer } from './resource';

export interface ResourceGetter {
  get<S = unknown>(pointer: ResourcePointer): Promise<Resource<S>>;
}

export async function getOptional<S>(
  reader: ResourceGetter,
  pointer: ResourcePointer,
): Promise<Resource<S> | undefined> {
  try {
    return await reader.get<S>(pointer);
  } catch (e: unknown) {
    if (isNotFoundError(e)) return undefined;
    throw e;
  }
}

/** The spec alone, or undefined. */
export const getSpec = async <S>(reader: ResourceGetter, pointer: ResourcePointer): Promise<S | undefined> =>
  (await getOptional<S>(reader, pointer))?.spec;
