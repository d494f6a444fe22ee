// The kubelet service's parts that need no containerd: its mounts (node paths under the root directory,
// where they exist), the files its pre step writes, the image condition while nothing serves containerd,
// the HTTP health check, and Talos's limits and settings.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { writeKubeletFiles } from '../../../services/kubelet-files';
import {
  httpHealthCheck,
  KubeletService,
  kubeletImageCondition,
  kubeletMounts,
} from '../../../services/kubelet';
import { KubeletSpecDefinition, type KubeletSpecSpec } from '../../../src/resources/k8s/kubelet-spec';
import type { KubernetesRootSpec } from '../../../src/resources/secrets/kubernetes-root';
import { MemoryState } from '../../../src/state';
import { AbortedError } from '../../../src/system/conditions';
import { scratchDir } from './helpers';

const tmp = (): string => scratchDir('talos-ts-kubelet-');

const SPEC: KubeletSpecSpec = {
  image: 'ghcr.io/siderolabs/kubelet:v1.35.0',
  args: ['--config=/etc/kubernetes/kubelet.yaml'],
  extraMounts: [
    { destination: '/var/lib/extra', type: 'bind', source: '/var/lib/extra', options: ['bind', 'rw'] },
  ],
  expectedNodename: 'node-1',
  config: {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    clusterDomain: 'cluster.local',
  },
};

const ROOT = {
  endpoint: 'https://10.5.0.2:6443',
  acceptedCAs: ['-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n'],
  bootstrapTokenID: 'abcdef',
  bootstrapTokenSecret: '0123456789abcdef',
} as KubernetesRootSpec;

describe('kubeletMounts', () => {
  it("binds Talos's node paths from under the root directory where they exist, then the extra mounts", () => {
    const root = tmp();
    for (const d of ['etc/kubernetes', 'var/lib/kubelet', 'run'])
      mkdirSync(join(root, d), { recursive: true });
    const mounts = kubeletMounts(root, SPEC.extraMounts);
    const nodeMounts = mounts.filter((m) => m.source?.startsWith(root));
    expect(nodeMounts).toEqual([
      {
        type: 'bind',
        destination: '/etc/kubernetes',
        source: join(root, 'etc/kubernetes'),
        options: ['bind', 'rw'],
      },
      {
        type: 'bind',
        destination: '/var/run',
        source: join(root, 'run'),
        options: ['rbind', 'rslave', 'rw'],
      },
      {
        type: 'bind',
        destination: '/var/lib/kubelet',
        source: join(root, 'var/lib/kubelet'),
        options: ['rbind', 'rshared', 'rw'],
      },
      {
        destination: '/var/lib/extra',
        type: 'bind',
        source: join(root, 'var/lib/extra'),
        options: ['bind', 'rw'],
      },
    ]);
    // host mounts: /dev and /sys of this host
    expect(mounts.find((m) => m.destination === '/dev')).toEqual({
      type: 'bind',
      destination: '/dev',
      source: '/dev',
      options: ['bind', 'rw'],
    });
    expect(mounts.find((m) => m.destination === '/sys')?.type).toBe('sysfs');
    // every cgroup hierarchy of a v1 host (one mount each under /sys/fs/cgroup)
    expect(mounts.find((m) => m.destination === '/sys/fs/cgroup')?.options).toEqual(['rbind', 'rw']);
  });

  it("container mode: the CRI's root also at its own path under the root directory (read-only)", () => {
    const root = tmp();
    mkdirSync(join(root, 'var/lib/containerd'), { recursive: true });
    const mounts = kubeletMounts(root, []).filter((m) => m.source === join(root, 'var/lib/containerd'));
    expect(mounts.map((m) => [m.destination, m.options])).toEqual([
      ['/var/lib/containerd', ['rbind', 'rslave', 'rw']],
      [join(root, 'var/lib/containerd'), ['rbind', 'rslave', 'ro']],
    ]);
  });
});

describe('writeKubeletFiles', () => {
  it('writes the kubelet configuration, the CA and the bootstrap kubeconfig', async () => {
    const root = tmp();
    await writeKubeletFiles(root, SPEC, ROOT);
    expect(parse(readFileSync(join(root, 'etc/kubernetes/kubelet.yaml'), 'utf8'))).toEqual(SPEC.config);
    expect(statSync(join(root, 'etc/kubernetes/kubelet.yaml')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(root, 'etc/kubernetes/pki/ca.crt'), 'utf8')).toBe(ROOT.acceptedCAs[0]);
    const kubeconfig = parse(
      readFileSync(join(root, 'etc/kubernetes/bootstrap-kubeconfig'), 'utf8'),
    ) as Record<string, unknown>;
    expect(kubeconfig).toEqual({
      apiVersion: 'v1',
      clusters: [
        {
          cluster: {
            'certificate-authority-data': Buffer.from(ROOT.acceptedCAs[0]!).toString('base64'),
            server: 'https://10.5.0.2:6443',
          },
          name: 'local',
        },
      ],
      contexts: [{ context: { cluster: 'local', user: 'kubelet@local' }, name: 'kubelet@local' }],
      'current-context': 'kubelet@local',
      kind: 'Config',
      preferences: {},
      users: [{ name: 'kubelet@local', user: { token: 'abcdef.0123456789abcdef' } }],
    });
    for (const d of ['var/lib/kubelet', 'var/log/pods', 'var/log/containers', 'etc/kubernetes/manifests'])
      expect(statSync(join(root, d)).isDirectory()).toBe(true);
  });

  it("gives the audit log directory to the kube-apiserver's user (65534, 0700), a log left there too", async () => {
    const root = tmp();
    mkdirSync(join(root, 'var/log/audit/kube'), { recursive: true });
    writeFileSync(join(root, 'var/log/audit/kube/kube-apiserver.log'), '');
    await writeKubeletFiles(root, SPEC, undefined);
    const audit = statSync(join(root, 'var/log/audit'));
    expect([audit.mode & 0o777, audit.uid]).toEqual([0o700, 0]);
    for (const p of ['var/log/audit/kube', 'var/log/audit/kube/kube-apiserver.log']) {
      const st = statSync(join(root, p));
      expect([st.uid, st.gid]).toEqual([65534, 65534]);
    }
    expect(statSync(join(root, 'var/log/audit/kube')).mode & 0o777).toBe(0o700);
  });

  it('without the root secrets writes the configuration only; a credential provider config comes and goes', async () => {
    const root = tmp();
    const cp = join(root, 'etc/kubernetes/kubelet-credentialproviderconfig.yaml');
    await writeKubeletFiles(
      root,
      { ...SPEC, credentialProviderConfig: { kind: 'CredentialProviderConfig' } },
      undefined,
    );
    expect(existsSync(join(root, 'etc/kubernetes/bootstrap-kubeconfig'))).toBe(false);
    expect(parse(readFileSync(cp, 'utf8'))).toEqual({ kind: 'CredentialProviderConfig' });
    await writeKubeletFiles(root, SPEC, undefined);
    expect(existsSync(cp)).toBe(false);
  });
});

describe('kubeletImageCondition', () => {
  it('waits for the spec, then for its image, until aborted', async () => {
    const state = new MemoryState();
    const socket = join(tmp(), 'none.sock');
    const cond = kubeletImageCondition(state, {
      socket,
      filesDir: join(tmp(), 'pull'),
      pollMs: 20,
      pull: false,
    });
    expect(cond.describe()).toBe('kubelet spec to be available');
    const abort = new AbortController();
    const waiting = cond.wait(abort.signal);
    let settled = false;
    waiting.then(
      () => (settled = true),
      () => (settled = true),
    );
    await state.create({ namespace: 'k8s', type: KubeletSpecDefinition.type, id: 'kubelet', spec: SPEC });
    for (let i = 0; i < 100 && cond.describe() === 'kubelet spec to be available'; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(cond.describe()).toBe(
      'kubelet image ghcr.io/siderolabs/kubelet:v1.35.0 to be present in containerd',
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
    abort.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
  });
});

describe('httpHealthCheck', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('is healthy on 200 only', async () => {
    let code = 200;
    server = createServer((_req, res) => {
      res.statusCode = code;
      res.end('ok');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
    await httpHealthCheck(url, AbortSignal.timeout(2_000));
    code = 500;
    await expect(httpHealthCheck(url, AbortSignal.timeout(2_000))).rejects.toThrow(
      'expected HTTP status OK, got 500 Internal Server Error',
    );
  });
});

describe('KubeletService', () => {
  it("has Talos's id, dependencies, API limits and health settings", () => {
    const s = new KubeletService();
    expect(s.id).toBe('kubelet');
    expect(s.dependsOn()).toEqual(['cri', 'containerd']);
    expect(s.apiStartAllowed).toBe(true);
    expect(s.apiRestartAllowed).toBe(true);
    expect((s as { apiStopAllowed?: boolean }).apiStopAllowed).toBeUndefined();
    expect(s.health.settings).toEqual({ initialDelayMs: 2_000, periodMs: 5_000, timeoutMs: 500 });
  });

  it('fails its pre step without a spec', async () => {
    const s = new KubeletService();
    const ctx = { state: new MemoryState(), rootDir: tmp() } as unknown as Parameters<typeof s.pre>[0];
    await expect(s.pre(ctx)).rejects.toThrow('kubelet spec not found');
  });
});
