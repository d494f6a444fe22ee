import { generateKeyPairSync } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  MachineConfig,
  checkMachineConfig,
  isConfigValidationError,
  parseMachineConfig,
  validateMachineConfig,
} from '../../../src/config';
import { edit, expectNoSecrets, fixture, lineOf, parseError } from './helpers';

const controlplane = fixture('controlplane.yaml');
const worker = fixture('worker.yaml');
const workerV1 = worker.split('---\n')[0] ?? '';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** Replaces the value of the first `field:` line after `anchor`. */
function setField(text: string, anchor: string, field: string, value: string): string {
  const start = text.indexOf(anchor);
  const at = text.indexOf(`${field}:`, start);
  if (start < 0 || at < 0) throw new Error(`no ${field} after ${anchor}`);
  return (
    text.slice(0, at) + text.slice(at).replace(new RegExp(`^${field}: \\S*`), () => `${field}: ${value}`)
  );
}

function messages(text: string, opts?: Parameters<typeof parseMachineConfig>[1]): string {
  return parseError(text, opts).message;
}

describe('semantic validation: machine', () => {
  it('requires the OS CA key on control plane nodes', () => {
    const text = setField(controlplane, 'machine:', 'key', '""');
    const err = parseError(text);
    expect(err.problems).toEqual([
      {
        path: 'machine.ca.key',
        line: lineOf(text, 'key: ""'),
        column: 14,
        message: 'the issuing CA key is required on control plane nodes',
      },
    ]);
    const init = parseMachineConfig(edit(controlplane, 'type: controlplane', 'type: init'));
    expect(init.machineType()).toBe('init');
  });

  it('refuses CA keys on worker nodes', () => {
    const cpKey = /key: (LS0t\S+)/.exec(controlplane)?.[1] ?? '';
    const text = setField(worker, 'machine:', 'key', cpKey);
    const err = parseError(text);
    expect(err.problems.map((p) => p.path)).toEqual(['machine.ca.key']);
    expectNoSecrets(err, text);
    const clusterKey = edit(worker, /(cluster:[\s\S]*?ca:\n\s+crt: \S+\n\s+key: )""/, `$1${cpKey}`);
    const clusterErr = parseError(clusterKey);
    expect(clusterErr.problems.map((p) => p.path)).toEqual(['cluster.ca.key']);
    expect(clusterErr.message).toContain(
      'cluster.ca.key: the Kubernetes CA key is not allowed on worker nodes',
    );
  });

  it('requires a CA of some kind', () => {
    const text = edit(worker, / {4}ca:\n {8}crt: \S+\n {8}key: ""\n/, '');
    expect(messages(text)).toContain('machine.ca: issuing CA or some accepted CAs are required');
  });

  it('checks that certificates and keys decode', () => {
    const badCert = setField(
      controlplane,
      'machine:',
      'crt',
      b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'),
    );
    expect(parseError(badCert).problems).toEqual([
      expect.objectContaining({
        path: 'machine.ca.crt',
        message: 'does not contain a valid PEM-encoded X.509 certificate',
      }),
    ]);
    const badKey = setField(controlplane, 'machine:', 'key', b64('not a key'));
    expect(parseError(badKey).problems).toEqual([
      expect.objectContaining({
        path: 'machine.ca.key',
        message: 'does not contain a valid PEM-encoded private key',
      }),
    ]);
    const notBase64 = setField(controlplane, 'serviceAccount:', 'key', 'LS0t$$$');
    const err = parseError(notBase64);
    expect(err.problems[0]).toMatchObject({
      path: 'cluster.serviceAccount.key',
      line: lineOf(notBase64, 'LS0t$$$'),
    });
    expect(err.message).not.toContain('LS0t$$$');
  });

  it('refuses a certificate that parses but whose public key OpenSSL cannot read (found by fuzzing)', () => {
    const crt = Buffer.from(/crt: (\S+)/.exec(controlplane)![1]!, 'base64').toString();
    const der = Buffer.from(crt.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    const spki = der.indexOf(Buffer.from('302a300506032b6570', 'hex')); // an Ed25519 SubjectPublicKeyInfo
    der[spki + 6] = 0; // its algorithm OID: 1.3.101.112 becomes an unknown one
    const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
    expect(parseError(setField(controlplane, 'machine:', 'crt', b64(pem))).problems).toEqual([
      expect.objectContaining({
        path: 'machine.ca.crt',
        message: 'does not contain a valid PEM-encoded X.509 certificate',
      }),
    ]);
  });

  it('accepts RSA, SEC1 EC and PKCS#8 keys, warning when the key does not match the certificate', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs1',
      format: 'pem',
    });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'sec1',
      format: 'pem',
    });
    const p8 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    for (const pem of [rsa, ec, p8]) {
      const cfg = parseMachineConfig(setField(controlplane, 'machine:', 'key', b64(pem.toString())));
      expect(cfg.warnings).toEqual([
        expect.stringMatching(/machine\.ca\.key: does not match the certificate in crt/),
      ]);
    }
    expect(pemTypes()).toEqual(['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY']);

    function pemTypes(): string[] {
      return [rsa, ec, p8].map((p) => /BEGIN ([A-Z ]+)-----/.exec(p.toString())?.[1] ?? '');
    }
  });

  it('warns about an unusual machine token, and strict mode turns warnings into errors', () => {
    const text = setField(worker, 'machine:', 'token', 'Not-A-Token-Value');
    const cfg = parseMachineConfig(text);
    expect(cfg.warnings).toEqual([
      expect.stringMatching(/^line 6: machine\.token: does not have the usual format/),
    ]);
    const err = parseError(text, { strict: true });
    expect(err.problems[0]?.path).toBe('machine.token');
    expect(err.problems[0]?.message).toMatch(/^warning: /);
    expect(err.message).not.toContain('Not-A-Token-Value');
  });

  it('validates machine.network.hostname', () => {
    const withHostname = (h: string): string =>
      edit(workerV1, '    certSANs: []\n', `    certSANs: []\n    network:\n        hostname: ${h}\n`);
    expect(parseMachineConfig(withHostname('node-1.example.org')).networkHostname()).toBe(
      'node-1.example.org',
    );
    const long = withHostname('a'.repeat(64));
    expect(parseError(long).problems).toEqual([
      expect.objectContaining({
        path: 'machine.network.hostname',
        line: lineOf(long, 'hostname:'),
        message: 'must have a first label of 1 to 63 characters',
      }),
    ]);
    expect(
      messages(withHostname(`a.${Array.from({ length: 5 }, () => 'b'.repeat(60)).join('.')}`)),
    ).toContain('must be at most 253 characters long');
    expect(parseMachineConfig(withHostname('node_1')).warnings.join()).toContain(
      'not a valid RFC 1123 hostname',
    );
  });

  it('applies mode-specific rules', () => {
    const noInstall = edit(worker, / {4}install:\n( {8}.*\n)+/, '');
    expect(() => parseMachineConfig(noInstall)).not.toThrow();
    expect(messages(noInstall, { mode: 'metal' })).toContain(
      'machine.install: install instructions are required in metal mode',
    );
    expect(() => parseMachineConfig(worker, { mode: 'container' })).not.toThrow();
    const noHostDNS = edit(worker, / {8}hostDNS:\n( {12}.*\n)+/, '');
    expect(messages(noHostDNS, { mode: 'container' })).toContain(
      'feature hostDNS must be enabled in container mode',
    );
  });

  it('rejects persist: false and invalid node labels', () => {
    expect(messages(edit(worker, 'persist: true', 'persist: false'))).toContain('persist: must be true');
    const labels = edit(
      worker,
      '    certSANs: []\n',
      '    certSANs: []\n    nodeLabels:\n        bad key!: x\n',
    );
    expect(parseError(labels).problems[0]).toMatchObject({ path: 'machine.nodeLabels["bad key!"]' });
  });
});

describe('semantic validation: cluster', () => {
  const endpoint = (ep: string): string => edit(worker, 'endpoint: https://10.5.0.2:6443', `endpoint: ${ep}`);

  it('requires an absolute http(s) endpoint with a host and a valid port', () => {
    expect(parseMachineConfig(endpoint('http://cp.example.org')).controlPlaneEndpoint()).toBe(
      'http://cp.example.org',
    );
    expect(parseMachineConfig(endpoint('https://[2001:db8::1]:6443')).controlPlaneURL()?.hostname).toBe(
      '[2001:db8::1]',
    );
    const cases: Array<[string, string]> = [
      ['ftp://10.5.0.2:6443', 'must use one of the schemes https, http'],
      ['10.5.0.2:6443', 'must be an absolute URL'],
      ['https://:6443', 'must include a host'],
      ['https://2001:db8::1:6443', 'IPv6 addresses must be enclosed in square brackets'],
      ['https://10.5.0.2:0', 'port must be between 1 and 65535'],
      ['https://10.5.0.2:99999', 'port must be between 1 and 65535'],
      ['https://10.5.0.2:http', 'port must be numeric'],
    ];
    for (const [ep, message] of cases) {
      const text = endpoint(ep);
      const err = parseError(text);
      expect(err.problems, ep).toHaveLength(1);
      expect(err.problems[0], ep).toMatchObject({
        path: 'cluster.controlPlane.endpoint',
        line: lineOf(text, 'endpoint:'),
        column: 19,
      });
      expect(err.problems[0]?.message, ep).toContain(message);
    }
    expect(messages(edit(worker, / {4}controlPlane:\n {8}endpoint: \S+\n/, ''))).toContain(
      'cluster.controlPlane.endpoint: the control plane endpoint is required',
    );
  });

  it('checks CNI, etcd, discovery and inline manifests', () => {
    const flannelUrls = edit(
      controlplane,
      '        dnsDomain:',
      '        cni:\n            name: flannel\n            urls: [https://x/y.yaml]\n        dnsDomain:',
    );
    expect(messages(flannelUrls)).toContain('cluster.network.cni.urls: must be empty for the flannel CNI');
    const custom = edit(
      controlplane,
      '        dnsDomain:',
      '        cni:\n            name: custom\n        dnsDomain:',
    );
    expect(parseMachineConfig(custom).warnings.join()).toContain('should not be empty for the custom CNI');
    const etcdOnWorker = edit(worker, '    discovery:', '    etcd:\n        image: etcd\n    discovery:');
    expect(messages(etcdOnWorker)).toContain(
      'cluster.etcd: etcd configuration is only allowed on control plane nodes',
    );
    const noId = edit(controlplane, / {4}id: \S+\n/, '');
    expect(messages(noId)).toContain('cluster.id: is required by the cluster discovery service');
    const manifests = edit(
      controlplane,
      '    etcd:',
      '    inlineManifests:\n        - name: a\n          contents: x\n        - name: a\n          contents: y\n    etcd:',
    );
    expect(messages(manifests)).toContain('cluster.inlineManifests[1].name: duplicate inline manifest name');
    expect(messages(edit(worker, 'dnsDomain: cluster.local', 'dnsDomain: "bad domain"'))).toContain(
      'is not a valid DNS name',
    );
  });
});

describe('semantic validation: other documents', () => {
  it('checks HostnameConfig and its conflict with machine.network.hostname', () => {
    const both = `${workerV1}---\napiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\nhostname: node-1\n`;
    expect(parseError(both).problems[0]).toMatchObject({ document: 'HostnameConfig', path: 'hostname' });
    const neither = `${workerV1}---\napiVersion: v1alpha1\nkind: HostnameConfig\n`;
    expect(messages(neither)).toContain("[HostnameConfig] either 'auto' or 'hostname' must be set");
    const legacy = edit(
      worker,
      '    certSANs: []\n',
      '    certSANs: []\n    network:\n        hostname: node-1\n',
    );
    const err = parseError(legacy);
    expect(err.problems).toEqual([
      expect.objectContaining({
        document: 'HostnameConfig',
        line: lineOf(legacy, 'apiVersion: v1alpha1\nkind: Hostname'),
      }),
    ]);
    expect(err.message).toContain(
      'static hostname is already set in v1alpha1 config (machine.network.hostname)',
    );
  });

  it('checks link addresses and names', () => {
    const link = `${worker}---\napiVersion: v1alpha1\nkind: LinkConfig\nname: ""\naddresses:\n    - address: 0.0.0.0/0\n`;
    const err = parseError(link);
    expect(err.problems.map((p) => `${p.document ?? ''} ${p.path}`)).toEqual([
      'LinkConfig name',
      'LinkConfig addresses[0].address',
    ]);
  });
});

describe('validateMachineConfig / checkMachineConfig', () => {
  it('validates a config built from documents, without source positions', () => {
    const cfg = new MachineConfig([
      { kind: 'v1alpha1', data: { version: 'v1alpha1', machine: { type: 'worker' } } },
    ]);
    const result = checkMachineConfig(cfg);
    expect(result.errors.map((e) => e.path)).toEqual(['machine.ca', 'cluster']);
    expect(result.errors[0]?.line).toBeUndefined();
    expect(result.warnings.map((w) => w.path)).toEqual(['machine.token']);
    let caught: unknown;
    try {
      validateMachineConfig(cfg);
    } catch (e) {
      caught = e;
    }
    expect(isConfigValidationError(caught)).toBe(true);
  });

  it('returns warnings for a valid config and keeps source positions', () => {
    const cfg = parseMachineConfig(worker, { validate: false });
    expect(validateMachineConfig(cfg)).toEqual([]);
    expect(cfg.positionOf(0, ['machine', 'type'])).toEqual({ line: 5, column: 11 });
    expect(cfg.positionOf(0, ['machine', 'type'], true)).toEqual({ line: 5, column: 5 });
  });
});
