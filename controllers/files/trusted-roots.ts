// files.TrustedRootsController: the node's CA bundle with the TrustedRootsConfig documents' certificates
// added — /etc/ssl/certs/ca-certificates.crt under the root directory, which containerd, cri, etcd and
// the kubelet trust (their SSL_CERT_FILE in container mode, the system path on metal), and which `Read`
// serves. The base is the system's bundle: the host's in container mode, the image's on metal.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import { writeFileAtomic } from '../../src/files/atomic-write';
import { MACHINE_CONFIG, type MachineConfigSpec } from '../../src/resources/config/machine-config';
import { CA_BUNDLE } from '../../src/files/ca-bundle';

export interface TrustedRootsControllerOptions {
  readonly rootDir: string;
  /** The system bundle the extra roots are added to (default the host's CA_BUNDLE). */
  readonly systemBundle?: string;
}

export class TrustedRootsController implements Controller {
  readonly name = 'files.TrustedRootsController';

  constructor(private readonly opts: TrustedRootsControllerOptions) {}

  inputs() {
    return [{ ...MACHINE_CONFIG, kind: 'weak' as const }];
  }

  outputs() {
    return [];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const target = join(this.opts.rootDir, CA_BUNDLE);
    const system = this.opts.systemBundle ?? CA_BUNDLE;
    while (await ctx.nextEvent(signal)) {
      const config = (await getOptional<MachineConfigSpec>(ctx, MACHINE_CONFIG))?.spec.config;
      const extra = (config?.documentsOfKind('TrustedRootsConfig') ?? [])
        .map((d) => (typeof d.data['certificates'] === 'string' ? d.data['certificates'] : ''))
        .filter((c) => c !== '');
      // As Talos: the node's bundle is always written, the system's roots and the extra ones.
      const base = await readFile(system, 'utf8').catch(() => '');
      const bundle = [base, ...extra].map((b) => (b.endsWith('\n') || b === '' ? b : `${b}\n`)).join('');
      await writeFileAtomic(target, bundle, { mode: 0o644, dirMode: 0o755 });
      ctx.resetBackoff();
    }
  }
}
