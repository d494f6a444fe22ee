// The OS CA need not be Ed25519: a config whose machine.ca is ECDSA or RSA also gets mTLS with
// roles, the server certificate signed by that CA and client certificates from it accepted.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { afterAll, describe, expect, it } from 'vitest';
import { issueClientCertificate } from '../../src/cli/gen/talosconfig';
import { generateCA, type KeyAlgorithm } from '../../src/pki';
import { BIN, makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { grpcCode, TestClient } from '../harness/client';
import { eventually } from '../harness/eventually';

const cases: [KeyAlgorithm, string][] = [
  ['ecdsa-p256', '127.0.0.22'],
  ['rsa-2048', '127.0.0.23'],
];

describe.each(cases)('an OS CA with %s keys', (algorithm, address) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  it('serves mTLS and enforces roles from its client certificates', async () => {
    const genDir = await makeStateDir();
    const stateDir = await makeStateDir();
    cleanup.push(
      () => removeDir(genDir),
      () => removeDir(stateDir),
    );
    execFileSync(
      process.execPath,
      [BIN, 'gen', 'config', 'algo', `https://${address}:6443`, '--output-dir', genDir],
      {
        stdio: 'pipe',
      },
    );
    const ca = await generateCA({ organizations: ['talos'], keyAlgorithm: algorithm });
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    const config = readFileSync(join(genDir, 'controlplane.yaml'), 'utf8').replace(
      /^( {4}ca:\n {8}crt: )\S+\n( {8}key: )\S+$/m,
      `$1${b64(ca.certPem)}\n$2${b64(ca.keyPem)}`,
    );
    expect(config).toContain(b64(ca.certPem));

    const agent: Agent = startAgent(address, stateDir);
    cleanup.push(() => agent.stop());
    await agent.waitReady();
    const insecure = new TestClient(address);
    await insecure.unary('/machine.MachineService/ApplyConfiguration', {
      data: Buffer.from(config),
      mode: 'AUTO',
    });
    insecure.close();

    const tlsFor = async (role: string) => {
      const cert = await issueClientCertificate({ crt: ca.certPem, key: ca.keyPem }, role);
      return { caPem: ca.certPem, certPem: cert.certPem, keyPem: cert.keyPem };
    };
    const admin = new TestClient(address, await tlsFor('os:admin'));
    await eventually(() => admin.unary('/machine.MachineService/Version', {}));
    admin.close();

    const reader = new TestClient(address, await tlsFor('os:reader'));
    await expect(reader.unary('/machine.MachineService/Version', {})).resolves.toBeDefined();
    await expect(reader.unary('/machine.MachineService/Bootstrap', {})).rejects.toSatisfy(
      (e) => grpcCode(e) === status.PERMISSION_DENIED,
    );
    reader.close();
  });
});
