// Malformed registry settings are refused with the field and the reason: machine.registries (endpoints
// that are not http(s) URLs, wrong types) and the Registry*Config documents.
import { describe, expect, it } from 'vitest';
import { parseMachineConfig } from '../../../src/config';
import { fixture, parseError } from './helpers';

const controlplane = fixture('controlplane.yaml');
const withRegistries = (lines: string[]): string =>
  controlplane.replace(
    /^machine:\n/m,
    `machine:\n    registries:\n${lines.map((l) => `        ${l}\n`).join('')}`,
  );
const doc = (lines: string[]): string => `${controlplane}---\napiVersion: v1alpha1\n${lines.join('\n')}\n`;

const problems = (text: string): string[] => parseError(text).problems.map((p) => `${p.path}: ${p.message}`);

describe('machine.registries validation', () => {
  it('accepts mirrors (including *) and per-registry config', () => {
    const text = withRegistries([
      'mirrors:',
      "    '*': { endpoints: [http://127.0.0.1:5000] }",
      '    registry.k8s.io: { endpoints: [https://mirror.example/v2/k8s], overridePath: true, skipFallback: true }',
      'config:',
      '    mirror.example: { auth: { username: u, password: p }, tls: { insecureSkipVerify: true } }',
    ]);
    expect(() => parseMachineConfig(text)).not.toThrow();
  });

  it('refuses endpoints that are not http or https URLs', () => {
    const out = problems(
      withRegistries(['mirrors:', '    docker.io: { endpoints: [ftp://mirror.example, "not a url"] }']),
    );
    expect(out).toEqual(
      expect.arrayContaining([
        'machine.registries.mirrors["docker.io"].endpoints[0]: unsupported scheme: "ftp"',
        'machine.registries.mirrors["docker.io"].endpoints[1]: invalid URL "not a url"',
      ]),
    );
  });

  it('refuses wrong types (the schema)', () => {
    expect(
      problems(withRegistries(['mirrors:', '    docker.io: { endpoints: http://x }'])).join('\n'),
    ).toMatch(/machine\.registries\.mirrors\["docker\.io"\]\.endpoints/);
    expect(problems(withRegistries(['mirrors: [a, b]'])).join('\n')).toMatch(/machine\.registries\.mirrors/);
    expect(problems(withRegistries(['config:', '    ghcr.io: { tls: { ca: "%%%" } }'])).join('\n')).toMatch(
      /machine\.registries\.config\["ghcr\.io"\]\.tls\.ca/,
    );
  });
});

describe('Registry*Config documents validation', () => {
  it('accepts well-formed documents', () => {
    const text =
      doc([
        'kind: RegistryMirrorConfig',
        'name: docker.io',
        'endpoints:',
        '    - url: http://127.0.0.1:5000',
      ]) + '---\napiVersion: v1alpha1\nkind: RegistryAuthConfig\nname: ghcr.io\nusername: u\npassword: p\n';
    expect(() => parseMachineConfig(text)).not.toThrow();
  });

  it('refuses a mirror document without a name or with a bad endpoint', () => {
    expect(
      problems(doc(['kind: RegistryMirrorConfig', 'endpoints:', '    - url: http://x'])).join('\n'),
    ).toMatch(/name/);
    expect(
      problems(
        doc(['kind: RegistryMirrorConfig', 'name: docker.io', 'endpoints:', '    - url: ftp://x']),
      ).join('\n'),
    ).toMatch(/endpoints\[0\]\.url/);
  });

  it('refuses two kinds of credentials at once', () => {
    const out = problems(
      doc(['kind: RegistryAuthConfig', 'name: ghcr.io', 'username: u', 'identityToken: t']),
    );
    expect(out.join('\n')).toContain(
      'only one of username/password or identityToken authentication can be specified',
    );
  });

  it('refuses a CA that is not a PEM certificate', () => {
    const out = problems(doc(['kind: RegistryTLSConfig', 'name: ghcr.io', 'ca: not a certificate']));
    expect(out.join('\n')).toContain('ca must be a valid PEM-encoded certificate');
  });
});
