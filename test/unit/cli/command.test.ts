import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  parseSecretsBundle,
  parseTalosconfig,
  parseYamlDocuments,
  runGen,
  serializeSecretsBundle,
  type GenIO,
} from '../../../src/cli/gen';
import { parseCertificate } from '../../../src/pki';
import { b64pem, sharedBundle } from './helpers';

interface Captured extends GenIO {
  out: string[];
  err: string[];
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gen-cmd-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function io(): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    cwd: dir,
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
  };
}

const mode = (p: string): number => statSync(p).mode & 0o777;
const leftovers = (d: string): string[] => readdirSync(d).filter((f) => f.endsWith('.tmp'));

async function secretsFile(): Promise<string> {
  const p = join(dir, 'secrets.yaml');
  writeFileSync(p, serializeSecretsBundle(await sharedBundle()), { mode: 0o600 });
  return p;
}

describe('gen secrets', () => {
  it('writes secrets.yaml (0600) in cwd by default, refuses to overwrite, --force replaces', async () => {
    const c = io();
    expect(await runGen(['secrets'], c)).toBe(0);
    const p = join(dir, 'secrets.yaml');
    const first = readFileSync(p, 'utf8');
    expect(mode(p)).toBe(0o600);
    expect(parseSecretsBundle(first).certs.os.crt).toContain('BEGIN CERTIFICATE');

    const c2 = io();
    expect(await runGen(['gen', 'secrets', '-o', 'secrets.yaml'], c2)).toBe(1);
    expect(c2.err.join('')).toBe(`Error: file "${p}" already exists, use --force to overwrite\n`);
    expect(readFileSync(p, 'utf8')).toBe(first);

    expect(await runGen(['secrets', '--output-file=secrets.yaml', '--force'], io())).toBe(0);
    expect(readFileSync(p, 'utf8')).not.toBe(first);
    expect(mode(p)).toBe(0o600);
    expect(leftovers(dir)).toEqual([]);
  });

  it('-o - prints to stdout', async () => {
    const c = io();
    expect(await runGen(['secrets', '-o', '-'], c)).toBe(0);
    expect(parseSecretsBundle(c.out.join('')).trustdInfo.token).toMatch(/^[0-9a-z]{6}\.[0-9a-z]{16}$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('rejects stray arguments and unknown flags', async () => {
    const c = io();
    expect(await runGen(['secrets', 'extra'], c)).toBe(1);
    expect(c.err.join('')).toMatch(/takes no arguments/);
    const c2 = io();
    expect(await runGen(['secrets', '--bogus'], c2)).toBe(1);
    expect(c2.err.join('')).toBe('Error: unknown flag: --bogus\n');
  });
});

describe('gen config', () => {
  it('writes controlplane.yaml, worker.yaml and talosconfig from a secrets bundle', async () => {
    const secrets = await secretsFile();
    const out = join(dir, 'out');
    const c = io();
    const code = await runGen(
      ['config', 'demo', 'https://10.5.0.2:6443', '--output-dir', out, '--with-secrets', secrets],
      c,
    );
    expect(c.err.join('')).toBe(
      `generating PKI and tokens\nCreated ${join(out, 'controlplane.yaml')}\nCreated ${join(out, 'worker.yaml')}\nCreated ${join(out, 'talosconfig')}\n`,
    );
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['controlplane.yaml', 'talosconfig', 'worker.yaml']);
    for (const f of readdirSync(out)) expect(mode(join(out, f))).toBe(0o600);

    const bundle = await sharedBundle();
    const cp = parseYamlDocuments(readFileSync(join(out, 'controlplane.yaml'), 'utf8')) as Array<
      Record<string, Record<string, unknown>>
    >;
    expect(cp[0]?.cluster?.id).toBe(bundle.cluster.id);
    expect(cp[0]?.cluster?.clusterName).toBe('demo');
    expect(cp[0]?.machine?.type).toBe('controlplane');
    const wk = parseYamlDocuments(readFileSync(join(out, 'worker.yaml'), 'utf8')) as Array<
      Record<string, Record<string, unknown>>
    >;
    expect(wk[0]?.machine?.type).toBe('worker');
    expect((wk[0]?.machine?.ca as Record<string, string>).key).toBe('');

    const tc = parseTalosconfig(readFileSync(join(out, 'talosconfig'), 'utf8'));
    expect(tc.context).toBe('demo');
    const ctx = tc.contexts.demo;
    // as talosctl gen config: no endpoints (set later with `talosctl config endpoint`), no CN
    expect(ctx?.endpoints).toEqual([]);
    expect(ctx?.ca).toBe(bundle.certs.os.crt);
    const crt = parseCertificate(ctx?.crt ?? '');
    expect(crt.subject.organizations).toEqual(['os:admin']);
    expect(crt.subject.commonName).toBeUndefined();
    expect(crt.x509.verify(parseCertificate(bundle.certs.os.crt).publicKey)).toBe(true);
    expect(leftovers(out)).toEqual([]);
  });

  it('passes flags through', async () => {
    await secretsFile();
    const c = io();
    const code = await runGen(
      [
        'config',
        'demo',
        'https://[fd00::1]:443',
        '-o',
        'o',
        '--with-secrets',
        'secrets.yaml',
        '--kubernetes-version',
        'v1.35.0',
        '--install-disk=/dev/vda',
        '--install-image',
        'x/y:z',
        '--additional-sans',
        'a.example.com,1.2.3.4',
        '--additional-sans',
        'b',
        '--dns-domain',
        'corp',
        '--with-cluster-discovery=false',
        '--with-docs=false',
        '--with-examples=false',
        '-t',
        'controlplane,talosconfig',
      ],
      c,
    );
    expect(c.err.join('')).not.toContain('Error');
    expect(code).toBe(0);
    const o = join(dir, 'o');
    expect(readdirSync(o).sort()).toEqual(['controlplane.yaml', 'talosconfig']);
    const [v1] = parseYamlDocuments(readFileSync(join(o, 'controlplane.yaml'), 'utf8')) as Array<
      Record<string, Record<string, Record<string, unknown>>>
    >;
    expect(v1?.machine?.kubelet?.image).toBe('ghcr.io/siderolabs/kubelet:v1.35.0');
    expect(v1?.machine?.install?.disk).toBe('/dev/vda');
    expect(v1?.machine?.install?.image).toBe('x/y:z');
    expect(v1?.machine?.certSANs).toEqual(['a.example.com', '1.2.3.4', 'b']);
    expect(v1?.cluster?.network?.dnsDomain).toBe('corp');
    expect(v1?.cluster?.discovery?.enabled).toBe(false);
    expect(v1?.cluster?.extraManifests).toBeUndefined();
    expect(parseTalosconfig(readFileSync(join(o, 'talosconfig'), 'utf8')).contexts.demo?.endpoints).toEqual(
      [],
    );
  });

  it('generates fresh secrets without --with-secrets (cwd default output)', async () => {
    const c = io();
    expect(await runGen(['config', 'fresh', 'https://cp.example.com:6443'], c)).toBe(0);
    const [v1] = parseYamlDocuments(readFileSync(join(dir, 'controlplane.yaml'), 'utf8')) as Array<
      Record<string, Record<string, unknown>>
    >;
    const [w1] = parseYamlDocuments(readFileSync(join(dir, 'worker.yaml'), 'utf8')) as Array<
      Record<string, Record<string, unknown>>
    >;
    expect(v1?.cluster?.id).toBe(w1?.cluster?.id);
    expect(b64pem((v1?.machine?.ca as Record<string, string>).crt)).toBe(
      b64pem((w1?.machine?.ca as Record<string, string>).crt),
    );
    expect(b64pem((v1?.cluster?.serviceAccount as Record<string, string>).key)).toMatch(
      /^-----BEGIN RSA PRIVATE KEY-----/,
    );
  });

  it('refuses to overwrite any existing output without --force, writing nothing', async () => {
    const secrets = await secretsFile();
    writeFileSync(join(dir, 'worker.yaml'), 'keep me\n');
    const c = io();
    expect(await runGen(['config', 'demo', 'https://10.5.0.2:6443', '--with-secrets', secrets], c)).toBe(1);
    expect(c.err.join('')).toBe(
      `Error: file "${join(dir, 'worker.yaml')}" already exists, use --force to overwrite\n`,
    );
    expect(readFileSync(join(dir, 'worker.yaml'), 'utf8')).toBe('keep me\n');
    expect(existsSync(join(dir, 'controlplane.yaml'))).toBe(false);
    expect(existsSync(join(dir, 'talosconfig'))).toBe(false);

    const c2 = io();
    expect(
      await runGen(['config', 'demo', 'https://10.5.0.2:6443', '--with-secrets', secrets, '-f'], c2),
    ).toBe(0);
    expect(readFileSync(join(dir, 'worker.yaml'), 'utf8')).toContain('type: worker');
    expect(mode(join(dir, 'worker.yaml'))).toBe(0o600);
    expect(leftovers(dir)).toEqual([]);
  });

  it.each([
    [['config'], /accepts 2 arg\(s\), received 0/],
    [['config', 'demo'], /accepts 2 arg\(s\), received 1/],
    [
      ['config', 'demo', '10.5.0.2'],
      /no scheme and port specified for the cluster endpoint URL\ntry: "https:\/\/10\.5\.0\.2:6443"/,
    ],
    [['config', 'demo', 'http://10.5.0.2:6443'], /should have scheme https:\/\//],
    [['config', 'demo', 'https://10.5.0.2:99999'], /port number must be between 1 and 65535/],
    [['config', '', 'https://10.5.0.2:6443'], /cluster name must not be empty/],
    [['config', 'demo', 'https://h:6443', '-t', 'kubeconfig'], /invalid output type: "kubeconfig"/],
    [
      ['config', 'demo', 'https://h:6443', '--output', 'a', '--output-dir', 'b'],
      /can't use both --output-dir and --output/,
    ],
    [
      ['config', 'demo', 'https://h:6443', '--with-secrets', 'missing.yaml'],
      /failed to load secrets bundle: .*ENOENT/,
    ],
    [
      ['config', 'demo', 'https://h:6443', '--with-docs=maybe'],
      /invalid argument "maybe" for "--with-docs" flag/,
    ],
    [
      ['config', 'demo', 'https://h:6443', '--kubernetes-version'],
      /flag needs an argument: --kubernetes-version/,
    ],
    [['frobnicate'], /unknown command "frobnicate" for "gen"/],
  ])('%j fails with a clear error', async (argv, message) => {
    const c = io();
    expect(await runGen(argv, c)).toBe(1);
    expect(c.err.join('')).toMatch(message);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('rejects an invalid secrets bundle', async () => {
    writeFileSync(join(dir, 's.yaml'), 'cluster:\n    id: x\n');
    const c = io();
    expect(await runGen(['config', 'demo', 'https://h:6443', '--with-secrets', 's.yaml'], c)).toBe(1);
    expect(c.err.join('')).toMatch(
      /failed to load secrets bundle: invalid secrets bundle:[\s\S]*cluster.secret is required[\s\S]*certs is required/,
    );
  });

  it('help', async () => {
    const c = io();
    expect(await runGen(['config', '--help'], c)).toBe(0);
    expect(c.out.join('')).toContain('gen config <cluster name> <cluster endpoint>');
  });
});
