// Which resources a controller may read, write, and hold with finalizers, from its declarations.
import type { ResourcePointer } from '../state';
import type { Input, Output } from './controller';

/** Outputs are readable anywhere; inputs by namespace and type, an id-bound input for that id only. */
export function canRead(
  inputs: readonly Input[],
  outputs: readonly Output[],
  namespace: string,
  type: string,
  id: string | undefined,
): boolean {
  if (outputs.some((o) => o.type === type)) return true;
  return inputs.some(
    (i) => i.namespace === namespace && i.type === type && (i.id === undefined || i.id === id),
  );
}

export function canWrite(outputs: readonly Output[], type: string): boolean {
  return outputs.some((o) => o.type === type);
}

/** Finalizers hold an input's teardown, which is what a strong input means. */
export function canChangeFinalizers(inputs: readonly Input[], p: ResourcePointer): boolean {
  return inputs.some(
    (i) =>
      i.kind === 'strong' &&
      i.namespace === p.namespace &&
      i.type === p.type &&
      (i.id === undefined || i.id === p.id),
  );
}
