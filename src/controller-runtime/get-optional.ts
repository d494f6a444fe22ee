// A read that answers undefined for a resource that does not exist (yet), instead of throwing.
import { isNotFoundError, type Resource, type ResourcePointer } from '../state';
import type { ControllerReader } from './controller-context';

export async function getOptional<S>(
  reader: ControllerReader,
  pointer: ResourcePointer,
): Promise<Resource<S> | undefined> {
  try {
    return await reader.get<S>(pointer);
  } catch (e: unknown) {
    if (isNotFoundError(e)) return undefined;
    throw e;
  }
}
