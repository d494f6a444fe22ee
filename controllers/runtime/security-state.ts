// runtime.SecurityStateController: SecurityStates ("securitystate"), written once the machined
// service is up. As Talos, a container never reports Secure Boot or signing keys (the host owns
// the boot); on metal Secure Boot is on when the firmware says so outside setup mode, and module
// signatures are enforced with `module.sig_enforce=1`. This image has no SELinux and no FIPS mode.
import { readFile } from 'node:fs/promises';
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import { SECURITY_STATE as OUTPUT, type SecurityStateSpec } from '../../src/resources/runtime/security-state';
import { ServiceDefinition } from '../../src/resources/v1alpha1/service';

const MACHINED = { namespace: 'runtime', type: ServiceDefinition.type, id: 'machined' };
const EFI_GLOBAL = '8be4df61-93ca-11d2-aa0d-00e098032b8c';

export interface SecurityStateControllerOptions {
  readonly platform: 'container' | 'metal';
  /** Where /sys and /proc are (tests). */
  readonly root?: string;
}

/** The value byte of an EFI variable (after its 4 attribute bytes); undefined when absent. */
async function efiFlag(root: string, name: string): Promise<number | undefined> {
  try {
    const data = await readFile(`${root}/sys/firmware/efi/efivars/${name}-${EFI_GLOBAL}`);
    return data[4];
  } catch {
    return undefined;
  }
}

export class SecurityStateController implements Controller {
  readonly name = 'runtime.SecurityStateController';

  constructor(private readonly opts: SecurityStateControllerOptions) {}

  inputs() {
    return [{ ...MACHINED, kind: 'weak' as const }];
  }

  outputs() {
    return [{ namespace: OUTPUT.namespace, type: OUTPUT.type, kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      if (!(await getOptional(ctx, MACHINED))) continue;
      const spec = await this.observe();
      await ctx.modify<SecurityStateSpec>(OUTPUT, () => spec);
      ctx.resetBackoff();
      return; // written once, as Talos
    }
  }

  private async observe(): Promise<SecurityStateSpec> {
    const spec: SecurityStateSpec = {
      secureBoot: false,
      ukiSigningKeyFingerprint: '',
      pcrSigningKeyFingerprint: '',
      selinuxState: 0,
      fipsState: 0,
      bootedWithUKI: false,
      moduleSignatureEnforced: false,
    };
    if (this.opts.platform === 'container') return spec;
    const root = this.opts.root ?? '';
    spec.secureBoot = (await efiFlag(root, 'SecureBoot')) === 1 && (await efiFlag(root, 'SetupMode')) !== 1;
    const cmdline = await readFile(`${root}/proc/cmdline`, 'utf8').catch(() => '');
    spec.moduleSignatureEnforced = cmdline.split(/\s+/).includes('module.sig_enforce=1');
    return spec;
  }
}
