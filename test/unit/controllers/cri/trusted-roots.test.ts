// TrustedRootsConfig: the node's CA bundle is the system bundle plus the documents' certificates; without
// them it is the system bundle (always there, as on Talos).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'vitest';
import { TrustedRootsController } from '../../../../controllers/files/trusted-roots';
import { parseMachineConfig } from '../../../../src/config';
import {
  MachineConfigDefinition,
  type MachineConfigSpec,
} from '../../../../src/resources/config/machine-config';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

const fixture = readFileSync(new URL('../../../fixtures/config/controlplane.yaml', import.meta.url), 'utf8');
const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: 'v1alpha1' };
const ROOTS =
  '---\napiVersion: v1alpha1\nkind: TrustedRootsConfig\nname: corp\ncertificates: |\n    EXTRA ROOT\n';

describe('TrustedRootsController', () => {
  let h: Harness;
  let root: string;
  afterEach(async () => {
    await h.shutdown();
    rmSync(root, { recursive: true, force: true });
  });

  it('writes the system bundle, adds the trusted roots to it, and takes them out again', async () => {
    root = mkdtempSync(join(tmpdir(), 'trusted-roots-'));
    const system = join(root, 'system-bundle.crt');
    writeFileSync(system, 'SYSTEM ROOTS');
    h = harness();
    h.runtime.register(new TrustedRootsController({ rootDir: join(root, 'node'), systemBundle: system }));
    h.start();
    const bundle = join(root, 'node/etc/ssl/certs/ca-certificates.crt');
    const contents = (want: string) =>
      waitFor(
        async () => (existsSync(bundle) && readFileSync(bundle, 'utf8') === want ? true : undefined),
        want,
      );
    await contents('SYSTEM ROOTS\n');
    await h.state.modify<MachineConfigSpec>(CONFIG, () => ({ config: parseMachineConfig(fixture + ROOTS) }));
    await contents('SYSTEM ROOTS\nEXTRA ROOT\n');
    await h.state.modify<MachineConfigSpec>(CONFIG, () => ({ config: parseMachineConfig(fixture) }));
    await contents('SYSTEM ROOTS\n');
  });
});
