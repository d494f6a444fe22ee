// machine.MachineService Kubeconfig: a .tar.gz with one file, `kubeconfig` (0600), holding a fresh admin
// kubeconfig for the cluster; Unimplemented on workers, as Talos.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { thrown } from '../../../../harness/thrown';
import { parse } from 'yaml';
import { kubernetesRoot } from '../../../../../controllers/secrets/kubernetes-root';
import { kubeconfigApi, parseGoDuration } from '../../../../../src/apps/machined/api/kubeconfig-api';
import { parseMachineConfig } from '../../../../../src/config';
import {
  MachineTypeDefinition,
  type MachineTypeName,
} from '../../../../../src/resources/config/machine-type';
import {
  KubernetesRootDefinition,
  type KubernetesRootSpec,
} from '../../../../../src/resources/secrets/kubernetes-root';
import { MemoryState } from '../../../../../src/state';

const CONTROLPLANE = readFileSync(
  new URL('../../../../fixtures/config/controlplane.yaml', import.meta.url),
  'utf8',
);
const TYPE = { namespace: 'config', type: MachineTypeDefinition.type, id: 'machine-type' };
const ROOT = { namespace: 'secrets', type: KubernetesRootDefinition.type, id: 'k8s' };

interface Kubeconfig {
  clusters: Array<{ cluster: { server: string } }>;
  users: Array<{ user: { 'client-certificate-data': string } }>;
  'current-context': string;
}

type Handler = (req: unknown, ctx: unknown, send: (d: { bytes: Buffer }) => Promise<void>) => Promise<void>;

async function call(state: MemoryState): Promise<Buffer[]> {
  const out: Buffer[] = [];
  const h = kubeconfigApi(state).Kubeconfig as unknown as Handler;
  await h({}, { signal: new AbortController().signal }, (d) => {
    out.push(d.bytes);
    return Promise.resolve();
  });
  return out;
}

async function stateWith(type: MachineTypeName, root?: KubernetesRootSpec): Promise<MemoryState> {
  const state = new MemoryState();
  await state.modify<MachineTypeName>(TYPE, () => type);
  if (root) await state.modify<KubernetesRootSpec>(ROOT, () => root);
  return state;
}

describe('Kubeconfig', () => {
  it('streams a tar.gz with the admin kubeconfig', async () => {
    const root = kubernetesRoot(parseMachineConfig(CONTROLPLANE));
    const messages = await call(await stateWith('controlplane', root));
    expect(messages).toHaveLength(1);
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    try {
      writeFileSync(join(dir, 'k.tar.gz'), messages[0] ?? Buffer.alloc(0));
      expect(execFileSync('tar', ['-tzf', 'k.tar.gz'], { cwd: dir, encoding: 'utf8' })).toBe('kubeconfig\n');
      execFileSync('tar', ['-xzf', 'k.tar.gz'], { cwd: dir });
      expect(statSync(join(dir, 'kubeconfig')).mode & 0o777).toBe(0o600);
      const kc = parse(readFileSync(join(dir, 'kubeconfig'), 'utf8')) as Kubeconfig;
      expect(kc.clusters[0]?.cluster.server).toBe('https://10.5.0.2:6443');
      expect(kc['current-context']).toBe('admin@demo');
      const cert = new X509Certificate(
        Buffer.from(kc.users[0]?.user['client-certificate-data'] ?? '', 'base64'),
      );
      const ca = new X509Certificate(root?.issuingCA?.crt ?? '');
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.subject.split('\n').sort()).toEqual(['CN=admin', 'O=system:masters']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is Unimplemented on a worker and without a machine type', async () => {
    await expect(call(await stateWith('worker'))).rejects.toMatchObject({
      code: 12,
      message: 'kubeconfig is only available on control plane nodes',
    });
    await expect(call(new MemoryState())).rejects.toMatchObject({ code: 12 });
  });

  it('is FailedPrecondition on a control-plane node without root secrets yet', async () => {
    await expect(call(await stateWith('controlplane'))).rejects.toMatchObject({ code: 9 });
  });

  it('parses Go durations', () => {
    expect(parseGoDuration('8760h0m0s')).toBe(8760 * 3_600_000);
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(thrown(() => parseGoDuration('1 day'))).toMatchObject({
      code: status.UNKNOWN,
      message: 'time: invalid duration "1 day"',
    });
  });
});
