// files.EtcFileController: writes each EtcFileSpec to `<root>/etc/<id>` (atomically) and records it in
// an EtcFileStatus. In container mode the root is the state directory: the host's /etc is never touched.
import { join } from 'node:path';
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { writeFileAtomic } from '../../src/files/atomic-write';
import { EtcFileSpecDefinition, type EtcFileSpecSpec } from '../../src/resources/files/etc-file-spec';
import { EtcFileStatusDefinition, type EtcFileStatusSpec } from '../../src/resources/files/etc-file-status';

const SPECS = { namespace: 'files', type: EtcFileSpecDefinition.type };

export class FilesEtcFileController implements Controller {
  readonly name = 'files.EtcFileController';

  constructor(private readonly rootDir: string) {}

  inputs() {
    return [{ ...SPECS, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: EtcFileStatusDefinition.type, namespace: 'files', kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const written = new Map<string, number>();
    while (await ctx.nextEvent(signal)) {
      const specs = await ctx.list<EtcFileSpecSpec>(SPECS);
      ctx.startTrackingOutputs();
      for (const { metadata, spec } of specs) {
        if (metadata.phase !== 'running') continue;
        if (written.get(metadata.id) !== metadata.version) {
          await writeFileAtomic(join(this.rootDir, 'etc', metadata.id), spec.contents, {
            mode: spec.mode,
            dirMode: 0o755,
          });
          written.set(metadata.id, metadata.version);
        }
        const pointer = { namespace: 'files', type: EtcFileStatusDefinition.type, id: metadata.id };
        await ctx.modify<EtcFileStatusSpec>(pointer, () => ({ specVersion: String(metadata.version) }));
      }
      await ctx.cleanupOutputs();
    }
  }
}
