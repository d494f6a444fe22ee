// runtime.SecurityStateController: written once the machined service exists; a container reports no
// Secure Boot; on metal the firmware's SecureBoot/SetupMode variables and module.sig_enforce=1 count.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SecurityStateController } from '../../../../controllers/runtime/security-state';
import {
  SecurityStateDefinition,
  type SecurityStateSpec,
} from '../../../../src/resources/runtime/security-state';
import { ServiceDefinition } from '../../../../src/resources/v1alpha1/service';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

const STATE = { namespace: 'runtime', type: SecurityStateDefinition.type, id: 'securitystate' };
const MACHINED = { namespace: 'runtime', type: ServiceDefinition.type, id: 'machined' };
const GUID = '8be4df61-93ca-11d2-aa0d-00e098032b8c';

describe('runtime.SecurityStateController', () => {
  let h: Harness;
  let root: string | undefined;
  afterEach(async () => {
    await h.shutdown();
    if (root) await rm(root, { recursive: true, force: true });
  });

  const run = async (ctrl: SecurityStateController) => {
    h = harness();
    h.runtime.register(ctrl);
    h.start();
    await new Promise((r) => setTimeout(r, 30));
    // nothing before machined runs
    expect(await h.state.get(STATE).catch(() => undefined)).toBeUndefined();
    await h.state.create(
      { ...MACHINED, spec: { running: true, healthy: true, unknown: false } },
      { owner: 'test' },
    );
    return waitFor(() => h.state.get<SecurityStateSpec>(STATE).catch(() => undefined), 'SecurityStates');
  };

  it('reports nothing of the boot in a container, and shows as Talos does', async () => {
    const r = await run(new SecurityStateController({ platform: 'container' }));
    expect(r.spec).toMatchObject({ secureBoot: false, moduleSignatureEnforced: false, selinuxState: 0 });
    expect(SecurityStateDefinition.toYAML!(r.spec)).toEqual({ secureBoot: false });
  });

  it('on metal: Secure Boot outside setup mode, module signatures enforced from the command line', async () => {
    root = await mkdtemp(join(tmpdir(), 'secstate-'));
    await mkdir(join(root, 'sys/firmware/efi/efivars'), { recursive: true });
    await mkdir(join(root, 'proc'));
    await writeFile(join(root, `sys/firmware/efi/efivars/SecureBoot-${GUID}`), Buffer.from([6, 0, 0, 0, 1]));
    await writeFile(join(root, `sys/firmware/efi/efivars/SetupMode-${GUID}`), Buffer.from([6, 0, 0, 0, 0]));
    await writeFile(join(root, 'proc/cmdline'), 'console=ttyS0 module.sig_enforce=1\n');
    const r = await run(new SecurityStateController({ platform: 'metal', root }));
    expect(r.spec).toMatchObject({ secureBoot: true, moduleSignatureEnforced: true });
    expect(SecurityStateDefinition.toYAML!(r.spec)).toEqual({
      secureBoot: true,
      moduleSignatureEnforced: true,
    });
  });
});
