// Registries: machine config (machine.registries and the Registry*Config documents) → RegistriesConfig →
// the CRI containerd's hosts directories and registries part, over MemoryState with the real runtime;
// the protobuf encoding of the resource.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CRIRegistryConfigController } from '../../../../controllers/files/cri-registry-config';
import {
  RegistriesConfigController,
  registriesFromConfig,
} from '../../../../controllers/cri/registries-config';
import { parseMachineConfig } from '../../../../src/config';
import { apiSchema } from '../../../../src/grpc/api-schema';
import {
  MachineConfigDefinition,
  type MachineConfigSpec,
} from '../../../../src/resources/config/machine-config';
import {
  RegistriesConfigDefinition,
  type RegistriesConfigSpec,
} from '../../../../src/resources/cri/registries-config';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

const fixture = readFileSync(new URL('../../../fixtures/config/controlplane.yaml', import.meta.url), 'utf8');
const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: 'v1alpha1' };
const OUTPUT = { namespace: 'cri', type: RegistriesConfigDefinition.type, id: 'registries' };

// A real certificate: the fixture's OS CA.
const CA = Buffer.from(
  (parseMachineConfig(fixture).v1alpha1()?.machine?.ca as { crt: string }).crt,
  'base64',
).toString('utf8');

/** The fixture with a machine.registries section (indented under machine:). */
const withRegistries = (section: string): string =>
  fixture.replace(/^machine:\n/m, `machine:\n    registries:\n${section}`);

const LEGACY = withRegistries(
  [
    '        mirrors:',
    '            docker.io:',
    '                endpoints: [http://127.0.0.1:5000, https://mirror.example:8443/v2/proxy]',
    '                overridePath: true',
    "            '*':",
    '                endpoints: [http://127.0.0.1:5000]',
    '        config:',
    '            mirror.example:8443:',
    '                auth: { username: user, password: secret }',
    `                tls: { ca: ${Buffer.from(CA).toString('base64')}, insecureSkipVerify: true }`,
    '',
  ].join('\n'),
);

const DOCS = [
  '---',
  'apiVersion: v1alpha1',
  'kind: RegistryMirrorConfig',
  'name: docker.io',
  'endpoints:',
  '    - url: http://10.0.2.2:5000',
  'skipFallback: true',
  '---',
  'apiVersion: v1alpha1',
  'kind: RegistryAuthConfig',
  'name: ghcr.io',
  'identityToken: tok',
  '---',
  'apiVersion: v1alpha1',
  'kind: RegistryTLSConfig',
  'name: ghcr.io',
  'ca: |',
  ...CA.trimEnd()
    .split('\n')
    .map((l) => `    ${l}`),
  '',
].join('\n');

describe('registriesFromConfig', () => {
  it('reads machine.registries, base64 TLS included', () => {
    const spec = registriesFromConfig(parseMachineConfig(LEGACY));
    expect(spec.mirrors).toEqual({
      'docker.io': {
        endpoints: [
          { endpoint: 'http://127.0.0.1:5000', overridePath: true },
          { endpoint: 'https://mirror.example:8443/v2/proxy', overridePath: true },
        ],
        skipFallback: false,
      },
      '*': { endpoints: [{ endpoint: 'http://127.0.0.1:5000', overridePath: false }], skipFallback: false },
    });
    expect(spec.auths).toEqual({
      'mirror.example:8443': { username: 'user', password: 'secret', auth: '', identityToken: '' },
    });
    expect(spec.tls).toEqual({ 'mirror.example:8443': { ca: CA, insecureSkipVerify: true } });
  });

  it('lets the documents override machine.registries per registry name', () => {
    const spec = registriesFromConfig(parseMachineConfig(LEGACY + DOCS));
    expect(spec.mirrors['docker.io']).toEqual({
      endpoints: [{ endpoint: 'http://10.0.2.2:5000', overridePath: false }],
      skipFallback: true,
    });
    expect(spec.mirrors['*']?.endpoints[0]?.endpoint).toBe('http://127.0.0.1:5000');
    expect(spec.auths['ghcr.io']).toEqual({ username: '', password: '', auth: '', identityToken: 'tok' });
    expect(spec.tls['ghcr.io']).toEqual({ ca: CA, insecureSkipVerify: false });
  });

  it('is empty without registries', () => {
    expect(registriesFromConfig(parseMachineConfig(fixture))).toEqual({ mirrors: {}, auths: {}, tls: {} });
    expect(registriesFromConfig(undefined)).toEqual({ mirrors: {}, auths: {}, tls: {} });
  });

  it('encodes as Talos RegistriesConfigSpec', () => {
    const spec = registriesFromConfig(parseMachineConfig(LEGACY + DOCS));
    const codec = apiSchema().codec(RegistriesConfigDefinition.protoSpec ?? '');
    const decoded = codec.decode(codec.encode(RegistriesConfigDefinition.toProto!(spec))) as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    expect(decoded['registry_mirrors']?.['docker.io']?.['mirror_skip_fallback']).toBe(true);
    expect(decoded['registry_auths']?.['ghcr.io']?.['registry_identity_token']).toBe('tok');
    expect(Buffer.from(decoded['registry_tl_ss']?.['ghcr.io']?.['tlsca'] as Uint8Array).toString()).toBe(CA);
    expect(RegistriesConfigDefinition.sensitive).toBe(true);
  });
});

describe('registries pipeline', () => {
  let h: Harness;
  let root: string;
  afterEach(async () => {
    await h.shutdown();
    rmSync(root, { recursive: true, force: true });
  });

  it('writes the hosts directories and the registries part, and follows config changes', async () => {
    root = mkdtempSync(join(tmpdir(), 'registries-'));
    h = harness();
    h.runtime.register(new RegistriesConfigController());
    h.runtime.register(new CRIRegistryConfigController({ rootDir: root }));
    h.start();
    await h.state.modify<MachineConfigSpec>(CONFIG, () => ({ config: parseMachineConfig(LEGACY) }));
    const hosts = join(root, 'etc/cri/conf.d/hosts');
    const dockerHosts = join(hosts, 'docker.io/hosts.toml');
    // Written in name order: the TLS-only host comes last.
    const lastHosts = join(hosts, 'mirror.example_8443_/hosts.toml');
    await waitFor(async () => (existsSync(lastHosts) ? true : undefined), 'hosts.toml files');
    expect(readFileSync(dockerHosts, 'utf8')).toBe(
      [
        '[host."http://127.0.0.1:5000"]',
        '  capabilities = ["pull", "resolve"]',
        '  override_path = true',
        '',
        '[host."https://mirror.example:8443/v2/proxy"]',
        '  capabilities = ["pull", "resolve"]',
        '  override_path = true',
        `  ca = ${JSON.stringify(join(hosts, 'docker.io/mirror.example:8443-ca.crt'))}`,
        '  skip_verify = true',
        '',
      ].join('\n'),
    );
    expect(statSync(dockerHosts).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(hosts, 'docker.io/mirror.example:8443-ca.crt'), 'utf8')).toBe(CA);
    expect(readFileSync(join(hosts, '_default/hosts.toml'), 'utf8')).toContain(
      '[host."http://127.0.0.1:5000"]',
    );
    // TLS for a host without a mirror: a hosts.toml for its upstream server.
    expect(readFileSync(join(hosts, 'mirror.example_8443_/hosts.toml'), 'utf8')).toMatch(
      /^server = "https:\/\/mirror.example:8443"\n/,
    );
    const part = readFileSync(join(root, 'etc/cri/conf.d/01-registries.part'), 'utf8');
    expect(part).toContain(`config_path = ${JSON.stringify(hosts)}`);
    expect(part).toContain(
      '[plugins."io.containerd.grpc.v1.cri".registry.configs."mirror.example:8443".auth]',
    );
    expect(part).toContain('password = "secret"');

    // The documents replace docker.io's mirror (skipFallback: its only endpoint becomes the server);
    // registries no longer configured lose their directories.
    await h.state.modify<MachineConfigSpec>(CONFIG, () => ({ config: parseMachineConfig(fixture + DOCS) }));
    await waitFor(
      async () => (readdirSync(hosts).sort().join() === 'docker.io,ghcr.io' ? true : undefined),
      'stale directories removed',
    );
    expect(readFileSync(dockerHosts, 'utf8')).toBe(
      'server = "http://10.0.2.2:5000"\ncapabilities = ["pull", "resolve"]\n',
    );
    expect(readdirSync(join(hosts, 'docker.io'))).toEqual(['hosts.toml']);
    expect(readdirSync(hosts).sort()).toEqual(['docker.io', 'ghcr.io']);
    const spec = (await h.state.get<RegistriesConfigSpec>(OUTPUT)).spec;
    expect(Object.keys(spec.mirrors)).toEqual(['docker.io']);
  });
});
