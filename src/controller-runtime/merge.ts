// A generic many-to-one controller (the shape of Talos's network merge controllers): every running
// resource of one kind merged into one output resource, removed when the merge yields none.
import type { ResourceKind, ResourcePointer } from '../state';
import type { Controller, Input, Output, OutputKind } from './controller';
import type { ControllerContext } from './controller-context';

export interface MergeSettings<Spec> {
  readonly name: string;
  /** The resources merged (e.g. one per config layer). */
  readonly input: ResourceKind;
  readonly output: ResourcePointer;
  readonly outputKind?: OutputKind;
  /** The merged spec of the inputs' specs (in ID order), or undefined for none. */
  merge(specs: readonly Spec[]): Spec | undefined;
}

export class MergeController<Spec> implements Controller {
  readonly name: string;

  constructor(private readonly settings: MergeSettings<Spec>) {
    this.name = settings.name;
  }

  inputs(): Input[] {
    return [{ ...this.settings.input, kind: 'weak' }];
  }

  outputs(): Output[] {
    const { output, outputKind = 'exclusive' } = this.settings;
    return [{ type: output.type, namespace: output.namespace, kind: outputKind }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const { input, output } = this.settings;
    while (await ctx.nextEvent(signal)) {
      const specs = (await ctx.list<Spec>(input)).filter((r) => r.metadata.phase === 'running');
      const merged = this.settings.merge(specs.map((r) => r.spec));
      ctx.startTrackingOutputs();
      if (merged !== undefined) await ctx.modify<Spec>(output, () => merged);
      await ctx.cleanupOutputs();
      ctx.resetBackoff();
    }
  }
}
