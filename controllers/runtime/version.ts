// runtime.VersionController: Versions ("version"), the running Talos release, written once.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { outputOf } from '../../src/controller-runtime';
import { VERSION_RESOURCE, type VersionSpec } from '../../src/resources/runtime/version';

export interface VersionControllerOptions {
  /** The release tag, e.g. "v1.13.9". */
  readonly version: string;
}

export class VersionController implements Controller {
  readonly name = 'runtime.VersionController';

  constructor(private readonly opts: VersionControllerOptions) {}

  inputs() {
    return [];
  }

  outputs() {
    return [outputOf(VERSION_RESOURCE)];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    // no inputs: one pass, then wait for the signal
    while (await ctx.nextEvent(signal)) {
      await ctx.modify<VersionSpec>(VERSION_RESOURCE, () => ({ version: this.opts.version, name: 'Talos' }));
    }
  }
}
