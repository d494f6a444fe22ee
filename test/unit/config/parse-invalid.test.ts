import { describe, expect, it } from 'vitest';

import { MAX_CONFIG_BYTES, parseMachineConfig } from '../../../src/config';
import { edit, expectNoSecrets, fixture, lineOf, parseError } from './helpers';

const controlplane = fixture('controlplane.yaml');
const worker = fixture('worker.yaml');

describe('parseMachineConfig: rejected input', () => {
  it('reports malformed YAML with its line', () => {
    const text = edit(controlplane, '    certSANs: []\n', '    certSANs: []\n     bogus: indentation\n');
    const err = parseError(text);
    expect(err.problems[0]?.line).toBe(lineOf(text, '     bogus'));
    expect(err.problems[0]?.column).toBeGreaterThan(0);
    expect(err.message).toMatch(/^line \d+: YAML /);
    expectNoSecrets(err, text);
  });

  it('reports an unterminated quoted string without quoting the source', () => {
    const text = edit(worker, /token: (\S+)\n/, 'token: "$1\n');
    const err = parseError(text);
    expect(err.message).toContain('YAML missing closing quote or bracket');
    expectNoSecrets(err, worker);
  });

  it('rejects duplicate mapping keys', () => {
    const text = edit(worker, 'debug: false\n', 'debug: false\ndebug: true\n');
    const err = parseError(text);
    expect(err.problems).toEqual([
      expect.objectContaining({ line: 3, message: 'YAML duplicate mapping key' }),
    ]);
  });

  it('rejects an unknown document kind, naming it and its line', () => {
    const text = `${worker}---\napiVersion: v1alpha1\nkind: FrobnicatorConfig\nlevel: 3\n`;
    const err = parseError(text);
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatchObject({ path: 'kind', line: lineOf(text, 'kind: Frob') });
    expect(err.message).toContain('unknown document kind "FrobnicatorConfig"');
  });

  it('rejects an unsupported apiVersion and documents without kind or apiVersion', () => {
    expect(
      parseError(`${worker}---\napiVersion: v1alpha2\nkind: HostnameConfig\nauto: stable\n`).message,
    ).toMatch(/unsupported apiVersion "v1alpha2" for kind HostnameConfig/);
    expect(parseError(`${worker}---\nkind: HostnameConfig\nauto: stable\n`).message).toMatch(
      /missing apiVersion/,
    );
    expect(parseError(`${worker}---\nauto: stable\n`).message).toMatch(/missing kind/);
  });

  it('rejects unknown fields, like the strict Talos decoder', () => {
    const top = parseError(edit(controlplane, 'machine:\n', 'machin: {}\nmachine:\n'));
    expect(top.problems).toEqual([{ path: 'machin', line: 4, column: 1, message: 'unknown field "machin"' }]);
    expect(top.message).toBe('line 4: machin: unknown field "machin"');

    const nested = edit(
      controlplane,
      '            port: 7445\n',
      '            port: 7445\n            prot: 7445\n',
    );
    const err = parseError(nested);
    expect(err.problems[0]).toMatchObject({
      path: 'machine.features.kubePrism.prot',
      line: lineOf(nested, 'prot: 7445'),
      column: 13,
    });

    const inDoc = parseError(
      `${worker}---\napiVersion: v1alpha1\nkind: LinkConfig\nname: eth0\nmtu: 1500\nmut: 1\n`,
    );
    expect(inDoc.problems).toEqual([expect.objectContaining({ document: 'LinkConfig/eth0', path: 'mut' })]);
    expect(inDoc.message).toContain('[LinkConfig/eth0] mut: unknown field "mut"');
  });

  it('rejects wrong types', () => {
    const text = edit(controlplane, 'port: 7445', 'port: seven');
    const err = parseError(text);
    expect(err.problems).toEqual([
      {
        path: 'machine.features.kubePrism.port',
        line: lineOf(text, 'port: seven'),
        column: 19,
        message: 'must be an integer',
      },
    ]);
    expect(parseError(edit(worker, 'certSANs: []', 'certSANs: {a: b}')).message).toContain(
      'machine.certSANs: must be a list',
    );
    expect(parseError(edit(worker, 'debug: false', 'debug: maybe')).message).toContain(
      'debug: must be a boolean',
    );
    expect(parseError(edit(worker, 'machine:\n', 'machine: 5\nx:\n')).problems[0]?.path).toBe('machine');
  });

  it('rejects durations that are not Go durations', () => {
    const text = `${worker}---\napiVersion: v1alpha1\nkind: WatchdogTimerConfig\ndevice: /dev/watchdog0\ntimeout: 5 minutes\n`;
    const err = parseError(text);
    expect(err.problems[0]).toMatchObject({
      path: 'timeout',
      document: 'WatchdogTimerConfig',
      line: lineOf(text, 'timeout:'),
    });
    expect(err.message).toContain('must be a duration');
  });

  it('rejects documents missing a required field', () => {
    const text = `${worker}---\napiVersion: v1alpha1\nkind: LinkConfig\nmtu: 1500\n`;
    const err = parseError(text);
    expect(err.problems).toEqual([
      expect.objectContaining({
        path: '',
        document: 'LinkConfig',
        line: lineOf(text, 'apiVersion: v1alpha1\nkind: Link'),
      }),
    ]);
    expect(err.message).toContain('missing required field "name"');
  });

  it('rejects values outside an enum, listing the allowed ones', () => {
    const err = parseError(edit(worker, 'type: worker', 'type: master'));
    expect(err.problems).toEqual([
      { path: 'machine.type', line: 5, column: 11, message: 'must be one of controlplane, worker, init' },
    ]);
    const doc = parseError(
      `${worker}---\napiVersion: v1alpha1\nkind: NetworkDefaultActionConfig\ningress: drop\n`,
    );
    expect(doc.message).toContain('ingress: must be one of accept, block');
  });

  it('rejects two v1alpha1 documents', () => {
    const text = `${worker}---\n${worker.split('---\n')[0] ?? ''}`;
    const err = parseError(text);
    expect(err.problems).toEqual([expect.objectContaining({ line: lineOf(text, 'version: v1alpha1', 10) })]);
    expect(err.message).toContain('duplicate v1alpha1 document');
  });

  it('rejects duplicate and conflicting named documents', () => {
    const link = 'apiVersion: v1alpha1\nkind: LinkConfig\nname: eth0\nmtu: 1500\n';
    const dup = `${worker}---\n${link}---\n${link}`;
    expect(parseError(dup).problems[0]).toMatchObject({
      line: lineOf(dup, 'kind: LinkConfig', dup.lastIndexOf('---')),
    });
    expect(parseError(dup).message).toContain('duplicate document LinkConfig/eth0');
    const bond =
      'apiVersion: v1alpha1\nkind: BondConfig\nname: eth0\nlinks: [eth1, eth2]\nbondMode: active-backup\n';
    expect(parseError(`${worker}---\n${link}---\n${bond}`).message).toContain(
      'conflicting documents: LinkConfig/eth0 and BondConfig/eth0',
    );
  });

  it('rejects documents that are not mappings', () => {
    const err = parseError(`${worker}---\n- a\n- b\n`);
    expect(err.message).toContain('expected a YAML mapping');
    expect(err.problems[0]?.line).toBe(lineOf(`${worker}---\n- a\n`, '- a'));
  });

  it('rejects oversized input, by default above 32 MiB (the API message limit)', () => {
    expect(MAX_CONFIG_BYTES).toBe(32 * 1024 * 1024);
    const big = `${worker}# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`;
    expect(parseError(big).message).toMatch(/larger than the limit of 33554432 bytes/);
    expect(parseError(Buffer.from(big)).message).toMatch(/larger than the limit/);
    expect(parseError(worker, { maxBytes: 1024 }).message).toMatch(/limit of 1024 bytes/);
  });

  it('rejects empty input and streams without documents', () => {
    expect(parseError('').message).toBe('config is empty');
    expect(parseError(' \n\t\n').message).toBe('config is empty');
    expect(parseError(new Uint8Array()).message).toBe('config is empty');
    expect(parseError('# only a comment\n---\n---\n').message).toBe('no configuration documents found');
  });

  it('rejects binary garbage and invalid UTF-8', () => {
    const garbage = Buffer.from([
      0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28,
    ]);
    expect(parseError(garbage).message).toMatch(/not valid UTF-8/);
    expect(parseError(Buffer.from('machine:\n  type: \u0000worker\n')).problems[0]).toMatchObject({
      line: 2,
      column: 9,
    });
    expect(parseError('version: v1alpha1\u0007\n').message).toMatch(/control character/);
    expect(parseError('version: \ud800\n').message).toMatch(/not valid UTF-8/);
  });

  it('bounds alias expansion (billion laughs)', () => {
    const bomb = [
      'version: v1alpha1',
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'machine: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
    ].join('\n');
    const started = Date.now();
    const err = parseError(bomb);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err.message).toMatch(/alias/);
  });

  it('rejects hostile nesting quickly', () => {
    const flow = `machine: ${'['.repeat(500_000)}${']'.repeat(500_000)}\n`;
    let started = Date.now();
    expect(parseError(flow).message).toMatch(/nesting is too deep/);
    expect(Date.now() - started).toBeLessThan(2000);

    const block = Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n';
    started = Date.now();
    expect(parseError(block).message).toMatch(/nesting is deeper than 100 levels/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('never repeats secrets in error messages', () => {
    // Every key and certificate is broken; the errors must name the fields only.
    const broken = controlplane.replace(/(crt|key): (\S{20})\S+/g, '$1: $2!!!');
    const err = parseError(broken);
    expect(err.problems.length).toBeGreaterThan(5);
    expect(err.problems.every((p) => p.message.includes('base64'))).toBe(true);
    expectNoSecrets(err, controlplane);
    expectNoSecrets(err, broken);

    const typed = parseError(edit(controlplane, /token: (\S+)\n/, 'token: [$1]\n'));
    expect(typed.message).toContain('machine.token: must be a string');
    expectNoSecrets(typed, controlplane);
  });

  it('rejects certificate fields that are not base64, even without semantic validation', () => {
    const text = edit(worker, /( {4}ca:\n {8}crt: )\S+/, '$1zz-not-base64-zz');
    const err = parseError(text, { validate: false });
    expect(err.problems).toEqual([
      {
        path: 'machine.ca.crt',
        line: 8,
        column: 14,
        message: 'must be base64-encoded (standard alphabet with padding)',
      },
    ]);
    expect(err.message).not.toContain('not-base64');
  });

  it('uses the kind names of the Talos registry (KubeSpanEndpointsConfig)', () => {
    const text = `${worker}---\napiVersion: v1alpha1\nkind: KubeSpanEndpointsConfig\nextraAnnouncedEndpoints:\n    - 192.168.1.1:51820\n`;
    expect(parseMachineConfig(text).document('KubeSpanEndpointsConfig')).toBeDefined();
    expect(parseError(text.replace('KubeSpanEndpointsConfig', 'KubeSpanEndpoints')).message).toContain(
      'unknown document kind',
    );
  });

  it('reports every problem at once, sorted by line', () => {
    const text = edit(edit(worker, 'debug: false', 'debug: 3'), 'dnsDomain: cluster.local', 'dnsDomain: [x]');
    const err = parseError(text);
    expect(err.problems.map((p) => p.path)).toEqual(['debug', 'cluster.network.dnsDomain']);
    expect(err.message).toMatch(
      /^2 errors: line 2: debug: must be a boolean \(true or false\); line \d+: cluster\.network\.dnsDomain: must be a string$/,
    );
  });

  it('does not accept what it should not: sanity of a valid config', () => {
    expect(() => parseMachineConfig(worker)).not.toThrow();
  });
});

describe('YAML the config cannot hold', () => {
  it('refuses a mapping key that is a list or a mapping, with its line', () => {
    const err = parseError('version: v1alpha1\n? [a, b]\n: c\n');
    expect(err.problems).toEqual([
      { path: '', line: 2, column: 3, message: 'a mapping key must be a scalar, not a list or a mapping' },
    ]);
  });
});
