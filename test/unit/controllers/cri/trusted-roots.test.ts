// TrustedRootsConfig: the node's CA bundle is the system bundle plus the documents' certificates, and
// goes away with them.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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

  it('adds the trusted roots to the system bundle, and removes the node bundle without them', async () => {
    root = mkdtempSync(join(tmpdir(), 'trusted-roots-'));
    const system = join(root, 'system-bundle.crt');
    writeFileSync(system, 'SYSTEM ROOTS');
    h = harness();
    h.runtime.register(new TrustedRootsController({ rootDir: join(root, 'node'), systemBundle: system }));
    h.start();
    const bundle = join(root, 'node/etc/ssl/certs/ca-certificates.crt');
    await h.state.modify<MachineConfigSpec>(CONFIG, () => ({ config: parseMachineConfig(fixture + ROOTS) }));
    await waitFor(async () => (existsSync(bundle) ? true : undefined), 'bundle');
    expect(readFileSync(bundle, 'utf8')).toBe('SYSTEM ROOTS\nEXTRA ROOT\n');
    await h.state.modify<MachineConfigSpec>(CONFIG, () => ({ config: parseMachineConfig(fixture) }));
    await waitFor(async () => (existsSync(bundle) ? undefined : true), 'bundle removed');
  });
});
