// What a controller declares and runs: inputs it reads, outputs it writes, and a reconcile loop.
import type { ControllerContext } from './controller-context';

/**
 * How an input relates to the controller. Every kind wakes the controller on change;
 * - `weak`: read only;
 * - `strong`: the controller may also put finalizers on it (to hold its teardown);
 * - `destroyReady`: only changes that leave a resource tearing down with no finalizers wake the controller
 *   (used on the controller's own outputs, to destroy them once other controllers let go).
 */
export type InputKind = 'weak' | 'strong' | 'destroyReady';

export interface Input {
  readonly namespace: string;
  readonly type: string;
  /** One resource only; every resource of the kind when absent. */
  readonly id?: string;
  readonly kind: InputKind;
}

/** `exclusive`: one controller owns every resource of the type; `shared`: several may, each its own resources. */
export type OutputKind = 'exclusive' | 'shared';

export interface Output {
  readonly type: string;
  readonly kind: OutputKind;
  /**
   * Where the outputs live, when known: `cleanupOutputs()` lists it even before this process wrote there,
   * and the dependency graph shows it. Namespaces the controller writes to are remembered anyway.
   */
  readonly namespace?: string;
}

export interface Controller {
  readonly name: string;
  inputs(): readonly Input[];
  outputs(): readonly Output[];
  /**
   * The reconcile loop: `while (await ctx.nextEvent(signal)) { read inputs, write outputs }`.
   * Returns when the signal fires; throwing asks the runtime for a restart with backoff.
   */
  run(ctx: ControllerContext, signal: AbortSignal): Promise<void>;
}

/** The output declaration for resources like `kind` (a pointer or a kind). */
export const outputOf = (
  kind: { readonly namespace: string; readonly type: string },
  as: OutputKind = 'exclusive',
): Output => ({
  type: kind.type,
  namespace: kind.namespace,
  kind: as,
});
