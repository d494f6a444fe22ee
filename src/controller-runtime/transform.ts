// A generic one-to-one controller (like cosi's generic/transform): one output per input, outputs of
// vanished inputs removed, and optionally a finalizer on each input released only once its output is gone.
import {
  getOptional,
  isPhaseConflictError,
  pointerString,
  type ListOptions,
  type Resource,
  type ResourceKind,
  type ResourcePointer,
} from '../state';
import type { Controller, Input, Output, OutputKind } from './controller';
import type { ControllerContext } from './controller-context';

export interface TransformSettings<InSpec, OutSpec> {
  readonly name: string;
  /** The inputs: every resource of a kind, or the one with `id`. */
  readonly input: ResourceKind & { readonly id?: string };
  readonly output: ResourceKind;
  /** The output id for an input, or `undefined` to skip the input. */
  map(input: Resource<InSpec>): string | undefined;
  /**
   * The output spec for an input, given the current output spec (undefined when there is none yet);
   * undefined leaves the output as it is (or absent), e.g. while another input it needs is missing.
   */
  transform(
    input: Resource<InSpec>,
    current: OutSpec | undefined,
    ctx: ControllerContext,
  ): OutSpec | undefined | Promise<OutSpec | undefined>;
  /**
   * Put a finalizer (the controller name) on each input, removed only after the input is torn down
   * and its output destroyed. The input becomes a strong input.
   */
  readonly inputFinalizers?: boolean;
  /** With input finalizers: a check before the output of a torn-down input is removed; throw to hold it. */
  finalizerRemoval?(input: Resource<InSpec>, ctx: ControllerContext): void | Promise<void>;
  readonly outputKind?: OutputKind;
  readonly inputListOptions?: ListOptions;
  /** Other inputs `transform` reads (they wake the controller too). */
  readonly extraInputs?: readonly Input[];
}

export class TransformController<InSpec, OutSpec> implements Controller {
  readonly name: string;

  constructor(private readonly settings: TransformSettings<InSpec, OutSpec>) {
    this.name = settings.name;
  }

  inputs(): Input[] {
    const { input, output, inputFinalizers, extraInputs = [] } = this.settings;
    return [
      { ...input, kind: inputFinalizers ? 'strong' : 'weak' },
      // Wakes the controller when an output it tore down is let go of by other controllers' finalizers.
      { ...output, kind: 'destroyReady' },
      ...extraInputs,
    ];
  }

  outputs(): Output[] {
    const { output, outputKind = 'exclusive' } = this.settings;
    return [{ type: output.type, namespace: output.namespace, kind: outputKind }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const pass = new TransformPass();
      await this.transformInputs(ctx, pass);
      await this.cleanupOutputs(ctx, pass);
      if (pass.errors.length > 0) throw new AggregateError(pass.errors, `${this.name}: transform failed`);
      ctx.resetBackoff();
    }
  }

  private async transformInputs(ctx: ControllerContext, pass: TransformPass): Promise<void> {
    const { output, inputFinalizers } = this.settings;
    for (const r of await this.listInputs(ctx)) {
      const id = this.settings.map(r);
      if (id === undefined) continue;
      if (r.metadata.phase === 'tearingDown') {
        if (inputFinalizers && r.metadata.finalizers.includes(this.name))
          await this.releaseInput(ctx, pass, r, id);
        continue; // without finalizers, the output goes as an untouched one
      }
      pass.touched.add(id);
      try {
        if (inputFinalizers && !r.metadata.finalizers.includes(this.name)) {
          await ctx.addFinalizer(r.metadata, this.name);
        }
        const target: ResourcePointer = { namespace: output.namespace, type: output.type, id };
        const current = await this.currentSpec(ctx, target);
        const spec = await this.settings.transform(r, current, ctx);
        if (spec !== undefined) await ctx.modify<OutSpec>(target, () => spec);
      } catch (e: unknown) {
        // An earlier output of the same id is still held by finalizers: its destroy-ready event brings us back.
        if (!isPhaseConflictError(e)) pass.errors.push(e);
      }
    }
  }

  private async listInputs(ctx: ControllerContext): Promise<Resource<InSpec>[]> {
    const { input, inputListOptions } = this.settings;
    if (input.id === undefined) return ctx.list<InSpec>(input, inputListOptions);
    const one = await getOptional<InSpec>(ctx, { ...input, id: input.id });
    return one ? [one] : [];
  }

  private async releaseInput(
    ctx: ControllerContext,
    pass: TransformPass,
    r: Resource<InSpec>,
    id: string,
  ): Promise<void> {
    try {
      await this.settings.finalizerRemoval?.(r, ctx);
      pass.release.set(id, r.metadata);
    } catch (e: unknown) {
      pass.errors.push(e);
      pass.touched.add(id); // keep the output while the check refuses
    }
  }

  private async currentSpec(ctx: ControllerContext, p: ResourcePointer): Promise<OutSpec | undefined> {
    const existing = await getOptional<OutSpec>(ctx, p);
    return existing?.metadata.owner === this.name && existing.metadata.phase === 'running'
      ? existing.spec
      : undefined;
  }

  private async cleanupOutputs(ctx: ControllerContext, pass: TransformPass): Promise<void> {
    for (const out of await ctx.list<OutSpec>(this.settings.output)) {
      const id = out.metadata.id;
      const keep = out.metadata.phase === 'running' && pass.touched.has(id);
      if (out.metadata.owner !== this.name || keep) {
        pass.release.delete(id);
        continue;
      }
      try {
        if (await ctx.teardown(out.metadata)) {
          await ctx.destroy(out.metadata);
          ctx.logger.debug({ output: pointerString(out.metadata) }, 'destroyed output');
        } else {
          pass.release.delete(id); // finalizers remain: wait for the destroy-ready event
        }
      } catch (e: unknown) {
        pass.release.delete(id);
        pass.errors.push(e);
      }
    }
    // The outputs of these torn-down inputs are gone now.
    for (const input of pass.release.values()) {
      try {
        await ctx.removeFinalizer(input, this.name);
      } catch (e: unknown) {
        pass.errors.push(e);
      }
    }
  }
}

class TransformPass {
  /** Output ids with a live input. */
  readonly touched = new Set<string>();
  /** Output id → torn-down input whose finalizer may go once that output is gone. */
  readonly release = new Map<string, ResourcePointer>();
  readonly errors: unknown[] = [];
}

/** A transform from one resource (by id) to one output (by id). */
export interface SingletonTransformSettings<InSpec, OutSpec> extends Omit<
  TransformSettings<InSpec, OutSpec>,
  'input' | 'output' | 'map'
> {
  readonly input: ResourcePointer;
  readonly output: ResourcePointer;
}

export function singletonTransform<InSpec, OutSpec>(
  s: SingletonTransformSettings<InSpec, OutSpec>,
): TransformSettings<InSpec, OutSpec> {
  const { input, output } = s;
  return {
    ...s,
    input: { namespace: input.namespace, type: input.type, id: input.id },
    output: { namespace: output.namespace, type: output.type },
    map: () => output.id,
  };
}

/**
 * The class of a controller whose one output is a function of one input resource alone (Talos's
 * transform controllers over the machine config): the output exists while `derive` gives a spec for
 * the input's spec, and goes when the input goes or `derive` gives none. Throw to retry with backoff.
 */
export function derivedController<InSpec, OutSpec>(
  name: string,
  input: ResourcePointer,
  output: ResourcePointer,
  derive: (input: InSpec) => OutSpec | undefined,
): new () => TransformController<InSpec, OutSpec> {
  const settings = singletonTransform<InSpec, OutSpec>({ name, input, output, transform: () => undefined });
  return class extends TransformController<InSpec, OutSpec> {
    constructor() {
      const derived = new WeakMap<Resource<InSpec>, OutSpec>();
      super({
        ...settings,
        map: (r) => {
          if (settings.map(r) === undefined) return undefined;
          const spec = derive(r.spec);
          if (spec === undefined) return undefined;
          derived.set(r, spec);
          return output.id;
        },
        transform: (r) => derived.get(r),
      });
    }
  };
}
