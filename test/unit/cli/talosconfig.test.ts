import { describe, expect, it } from 'vitest';

import {
  CLIENT_CERT_VALIDITY_MS,
  generateTalosconfig,
  issueClientCertificate,
  parseTalosconfig,
  parseYamlDocuments,
  serializeTalosconfig,
} from '../../../src/cli/gen';
import { certificateMatchesKey, describeKey, parseCertificate } from '../../../src/pki';
import { b64pem, sharedBundle } from './helpers';

describe('talosconfig', () => {
  it('has talosctl layout and an os:admin Ed25519 client cert chained to the OS CA', async () => {
    const secrets = await sharedBundle();
    const now = new Date('2031-01-01T00:00:00Z');
    const { yaml, config, clientCert } = await generateTalosconfig({
      contextName: 'demo',
      endpoints: ['10.5.0.2'],
      osCA: secrets.certs.os,
      commonName: 'admin',
      now,
    });
    const [doc] = parseYamlDocuments(yaml) as [Record<string, unknown>];
    expect(Object.keys(doc)).toEqual(['context', 'contexts']);
    expect(doc.context).toBe('demo');
    const ctx = (doc.contexts as Record<string, Record<string, unknown>>).demo ?? {};
    expect(Object.keys(ctx)).toEqual(['endpoints', 'ca', 'crt', 'key']);
    expect(ctx.endpoints).toEqual(['10.5.0.2']);
    expect(b64pem(ctx.ca)).toBe(secrets.certs.os.crt);
    expect(b64pem(ctx.crt)).toBe(clientCert.certPem);
    expect(b64pem(ctx.key)).toBe(clientCert.keyPem);
    expect(yaml).toMatch(
      /^context: demo\ncontexts:\n {4}demo:\n {8}endpoints:\n {12}- 10\.5\.0\.2\n {8}ca: LS0t/,
    );

    const crt = parseCertificate(b64pem(ctx.crt));
    const os = parseCertificate(secrets.certs.os.crt);
    expect(crt.subject.organizations).toEqual(['os:admin']);
    expect(crt.subject.commonName).toBe('admin');
    expect(crt.issuer.raw.equals(os.subject.raw)).toBe(true);
    expect(crt.x509.checkIssued(os.x509)).toBe(true);
    expect(crt.x509.verify(os.publicKey)).toBe(true);
    expect(crt.authorityKeyId?.equals(os.subjectKeyId ?? Buffer.alloc(0))).toBe(true);
    expect(crt.extKeyUsage).toEqual(['clientAuth']);
    expect(crt.keyUsage).toEqual(['digitalSignature']);
    expect(crt.isCA).toBe(false);
    expect(crt.signatureAlgorithm).toBe('Ed25519');
    expect(crt.notBefore.toISOString()).toBe(now.toISOString());
    expect(crt.notAfter.getTime() - crt.notBefore.getTime()).toBe(CLIENT_CERT_VALIDITY_MS);
    expect(b64pem(ctx.key)).toMatch(/^-----BEGIN ED25519 PRIVATE KEY-----\n/);
    expect(describeKey(clientCert.key).family).toBe('ed25519');
    expect(certificateMatchesKey(b64pem(ctx.crt), b64pem(ctx.key))).toBe(true);

    expect(parseTalosconfig(yaml)).toEqual(config);
    expect(serializeTalosconfig(config)).toBe(yaml);
  });

  it('defaults: no endpoints ([]), no CN — as talosctl gen config writes', async () => {
    const secrets = await sharedBundle();
    const { yaml, clientCert } = await generateTalosconfig({ contextName: 'c', osCA: secrets.certs.os });
    expect(yaml).toContain('\n        endpoints: []\n');
    expect(clientCert.parsed.subject.commonName).toBeUndefined();
    expect(clientCert.parsed.subject.organizations).toEqual(['os:admin']);
  });

  it('issueClientCertificate: other roles, sorted multi-role O, custom validity', async () => {
    const secrets = await sharedBundle();
    const reader = await issueClientCertificate(secrets.certs.os, 'os:reader');
    expect(reader.parsed.subject.organizations).toEqual(['os:reader']);
    expect(reader.parsed.notAfter.getTime() - reader.parsed.notBefore.getTime()).toBe(
      CLIENT_CERT_VALIDITY_MS,
    );
    const multi = await issueClientCertificate(
      secrets.certs.os,
      ['os:reader', 'os:operator', 'os:reader'],
      3600_000,
    );
    expect(multi.parsed.subject.organizations).toEqual(['os:operator', 'os:reader']);
    expect(multi.parsed.notAfter.getTime() - multi.parsed.notBefore.getTime()).toBe(3600_000);
    expect(multi.cert.verify(parseCertificate(secrets.certs.os.crt).publicKey)).toBe(true);
    expect(multi.cert.subject).toBe('O=os:operator\nO=os:reader');
  });

  it('parseTalosconfig handles nodes and extra contexts', () => {
    const text = serializeTalosconfig({
      context: 'b',
      contexts: {
        a: { endpoints: [], ca: '', crt: '', key: '' },
        b: { endpoints: ['1.1.1.1', '2.2.2.2'], nodes: ['3.3.3.3'], ca: 'CA', crt: 'CRT', key: 'KEY' },
      },
    });
    expect(text).toContain('    a:\n        endpoints: []\n    b:\n');
    const back = parseTalosconfig(text);
    expect(back.contexts.b).toEqual({
      endpoints: ['1.1.1.1', '2.2.2.2'],
      nodes: ['3.3.3.3'],
      ca: 'CA',
      crt: 'CRT',
      key: 'KEY',
    });
    expect(back.contexts.a).toEqual({ endpoints: [], ca: '', crt: '', key: '' });
  });
});
