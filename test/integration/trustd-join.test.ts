// A worker joins: a control-plane agent on 127.0.0.31 runs trustd (:50001), a worker agent on
// 127.0.0.32 gets its apid certificate from it with machine.token, then serves mTLS with a
// certificate chained to the OS CA that the talosconfig's admin certificate is accepted by.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSchema } from '../../src/grpc/api-schema';
import { createCertificateRequest, generateKeyPairSync, parseCertificate, toNodeKeyPem } from '../../src/pki';
import { BIN, handshake, makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { grpcCode, TestClient } from '../harness/client';
import { eventually } from '../harness/eventually';

const CP = '127.0.0.31';
const WORKER = '127.0.0.32';
const APPLY = '/machine.MachineService/ApplyConfiguration';
const VERSION = '/machine.MachineService/Version';
const CERTIFICATE = '/securityapi.SecurityService/Certificate';

interface TalosConfig {
  context: string;
  contexts: Record<string, { ca: string; crt: string; key: string }>;
}

const b64 = (s: string): string => Buffer.from(s, 'base64').toString();

/** One Certificate call straight to trustd, trusting only the OS CA. */
function askTrustd(caPem: string, csr: string, token?: string): Promise<{ ca: Buffer; crt: Buffer }> {
  const m = apiSchema().methods.find((x) => x.path === CERTIFICATE)!;
  const client = new grpc.Client(`${CP}:50001`, grpc.credentials.createSsl(Buffer.from(caPem)));
  const md = new grpc.Metadata();
  if (token !== undefined) md.set('token', token);
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      CERTIFICATE,
      m.requestSerialize,
      m.responseDeserialize,
      { csr: Buffer.from(csr) },
      md,
      { deadline: Date.now() + 10_000 },
      (err, res) => {
        client.close();
        if (err) reject(err);
        else resolve(res as { ca: Buffer; crt: Buffer });
      },
    );
  });
}

/** The worker's apid certificate, over an mTLS handshake verified against the OS CA. */
function apidCertificate(tls: {
  ca: string;
  crt: string;
  key: string;
}): Promise<{ authorized: boolean; cert: PeerCertificate }> {
  return new Promise((resolve, reject) => {
    const s = connect({
      host: WORKER,
      port: 50000,
      ca: tls.ca,
      cert: tls.crt,
      key: toNodeKeyPem(tls.key),
      ALPNProtocols: ['h2'],
    });
    s.once('secureConnect', () => {
      resolve({ authorized: s.authorized, cert: s.getPeerCertificate() });
      s.destroy();
    });
    s.once('error', reject);
  });
}

describe('a worker gets its apid certificate from trustd', () => {
  let genDir: string;
  let cpDir: string;
  let workerDir: string;
  let cp: Agent;
  let worker: Agent;
  let token: string;
  let admin: { ca: string; crt: string; key: string };

  beforeAll(async () => {
    [genDir, cpDir, workerDir] = await Promise.all([makeStateDir(), makeStateDir(), makeStateDir()]);
    execFileSync(process.execPath, [
      BIN,
      'gen',
      'config',
      'join',
      `https://${CP}:6443`,
      '--output-dir',
      genDir,
    ]);
    const cpDoc = parseAllDocuments(readFileSync(join(genDir, 'controlplane.yaml'), 'utf8'))
      .map((d) => d.toJS() as { machine?: { token?: string } })
      .find((d) => d.machine?.token);
    token = cpDoc!.machine!.token!;
    const tc = parse(readFileSync(join(genDir, 'talosconfig'), 'utf8')) as TalosConfig;
    const ctx = tc.contexts[tc.context]!;
    admin = { ca: b64(ctx.ca), crt: b64(ctx.crt), key: b64(ctx.key) };
    cp = startAgent(CP, cpDir);
    worker = startAgent(WORKER, workerDir);
    await Promise.all([cp.waitReady(), worker.waitReady()]);
  });

  afterAll(async () => {
    await Promise.all([cp?.stop(), worker?.stop()]);
    await Promise.all([genDir, cpDir, workerDir].map((d) => (d ? removeDir(d) : Promise.resolve())));
  });

  it('starts trustd on the control-plane node once configured, not in maintenance', async () => {
    expect(await handshake(CP, 50001)).toBe(false);
    const c = new TestClient(CP);
    await c.unary(APPLY, { data: readFileSync(join(genDir, 'controlplane.yaml')), mode: 'AUTO' });
    c.close();
    await eventually(async () => {
      if (!(await handshake(CP, 50001))) throw new Error('trustd is not up yet');
    }, 300);
  });

  it('refuses a wrong or missing token, and strips the Organization for the right one', async () => {
    const csr = createCertificateRequest({
      key: generateKeyPairSync('ed25519').privateKey,
      commonName: 'intruder',
      organizations: ['os:admin'],
      ipAddresses: ['127.0.0.99'],
    });
    await expect(askTrustd(admin.ca, csr, 'aaaaaa.bbbbbbbbbbbbbbbb')).rejects.toSatisfy(
      (e) => grpcCode(e) === grpc.status.UNAUTHENTICATED,
    );
    await expect(askTrustd(admin.ca, csr)).rejects.toSatisfy(
      (e) => grpcCode(e) === grpc.status.UNAUTHENTICATED,
    );
    await expect(askTrustd(admin.ca, 'not a csr', token)).rejects.toSatisfy(
      (e) => grpcCode(e) === grpc.status.INVALID_ARGUMENT,
    );
    const res = await askTrustd(admin.ca, csr, token);
    const cert = parseCertificate(Buffer.from(res.crt).toString());
    expect(cert.subject.organizations).toEqual([]);
    expect(cert.extKeyUsage).toEqual(['serverAuth']);
    expect(cert.x509.verify(parseCertificate(admin.ca).publicKey)).toBe(true);
    expect(Buffer.from(res.ca).toString()).toContain(admin.ca.trim());
  });

  it('applies the worker config; the worker then serves mTLS with a certificate from the OS CA', async () => {
    const c = new TestClient(WORKER);
    await c.unary(APPLY, { data: readFileSync(join(genDir, 'worker.yaml')), mode: 'AUTO' });
    c.close();

    const a = await eventually(async () => {
      const client = new TestClient(WORKER, { caPem: admin.ca, certPem: admin.crt, keyPem: admin.key });
      try {
        await client.unary(VERSION, {});
        return client;
      } catch (e: unknown) {
        client.close();
        throw e;
      }
    }, 300);
    const res = await a.unary<{ messages: { version: { tag: string } }[] }>(VERSION, {});
    expect(res.messages[0]?.version.tag).toBe('v1.13.9');
    a.close();

    const { authorized, cert } = await apidCertificate(admin);
    expect(authorized).toBe(true);
    expect(cert.subject?.O).toBeUndefined();
    expect(cert.subjectaltname).toContain(`IP Address:${WORKER}`);
    expect(cert.ext_key_usage).toEqual(['1.3.6.1.5.5.7.3.1']);

    // an insecure client is refused now (at the TLS handshake: no client certificate)
    const insecure = new TestClient(WORKER);
    await expect(insecure.unary(VERSION, {})).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    insecure.close();

    expect(worker.output()).toContain('received apid certificate from trustd');
    expect(cp.output()).toMatch(/received CSR signing request from 127\.0\.0\.\d+:\d+/);
    // the worker does not run trustd
    expect(await handshake(WORKER, 50001)).toBe(false);
  });

  it('asks trustd again after a worker restart, and comes up configured', async () => {
    await worker.stop();
    worker = startAgent(WORKER, workerDir);
    await worker.waitReady();
    const a = await eventually(async () => {
      const client = new TestClient(WORKER, { caPem: admin.ca, certPem: admin.crt, keyPem: admin.key });
      try {
        await client.unary(VERSION, {});
        return client;
      } catch (e: unknown) {
        client.close();
        throw e;
      }
    }, 300);
    a.close();
    expect(worker.output()).not.toContain('entering maintenance');
    expect(worker.output()).toContain('received apid certificate from trustd');
  });

  it('never logs the token', () => {
    expect(cp.output()).not.toContain(token);
    expect(worker.output()).not.toContain(token);
  });
});
