// `gen config --registry-mirror` (RegistryMirrorConfig documents, as talosctl writes them for v1.13) and
// `talos-ts images` (talosctl's `images default` list, with this node's flannel).
import { describe, expect, it } from 'vitest';
import { parseMachineConfig } from '../../../src/config';
import { generateConfigFiles, parseRegistryMirrors } from '../../../src/cli/gen/command';
import { defaultImages, runImages } from '../../../src/cli/images-command';
import { isUsageError } from '../../../src/cli/args';
import { sharedBundle } from './helpers';

describe('gen config --registry-mirror', () => {
  it('groups endpoints per registry in flag order and refuses a spec without =', () => {
    expect(parseRegistryMirrors(['*=http://127.0.0.1:5000', 'ghcr.io=http://a', 'ghcr.io=http://b'])).toEqual(
      {
        '*': ['http://127.0.0.1:5000'],
        'ghcr.io': ['http://a', 'http://b'],
      },
    );
    expect(() => parseRegistryMirrors(['docker.io'])).toThrow('invalid registry mirror spec: "docker.io"');
  });

  it('writes one RegistryMirrorConfig per registry, sorted, after the v1alpha1 document', async () => {
    const files = await generateConfigFiles({
      clusterName: 'demo',
      endpoint: 'https://127.0.0.1:6443',
      secrets: await sharedBundle(),
      registryMirrors: ['registry.k8s.io=http://127.0.0.1:5000', '*=http://127.0.0.1:5000'],
    });
    for (const text of [files.controlplane, files.worker]) {
      const config = parseMachineConfig(text);
      expect(config.documents.map((d) => `${d.kind}/${d.name ?? ''}`)).toEqual([
        'v1alpha1/',
        'RegistryMirrorConfig/*',
        'RegistryMirrorConfig/registry.k8s.io',
        'HostnameConfig/',
      ]);
      expect(text).toContain(
        "apiVersion: v1alpha1\nkind: RegistryMirrorConfig\nname: '*'\nendpoints:\n    - url: http://127.0.0.1:5000\n",
      );
    }
  });
});

describe('talos-ts images', () => {
  it("lists talosctl's default images in its order, flannel at the version built here", () => {
    expect(defaultImages()).toEqual([
      'ghcr.io/siderolabs/flannel:0.28.10',
      'registry.k8s.io/coredns/coredns:v1.14.6',
      'registry.k8s.io/etcd:v3.6.12',
      'registry.k8s.io/pause:3.10.1',
      'registry.k8s.io/kube-apiserver:v1.36.3',
      'registry.k8s.io/kube-controller-manager:v1.36.3',
      'registry.k8s.io/kube-scheduler:v1.36.3',
      'registry.k8s.io/kube-proxy:v1.36.3',
      'ghcr.io/siderolabs/kubelet:v1.36.3',
      'registry.k8s.io/networking/kube-network-policies:v1.1.0',
    ]);
  });

  it('takes the versions as flags and refuses unknown ones', () => {
    let out = '';
    expect(
      runImages(['default', '--k8s-version', 'v1.36.1', '--coredns-version=v1.14.7'], {
        write: (s: string) => (out += s),
      }),
    ).toBe(0);
    expect(out.split('\n')).toContain('ghcr.io/siderolabs/kubelet:v1.36.1');
    expect(out.split('\n')).toContain('registry.k8s.io/coredns/coredns:v1.14.7');
    let caught: unknown;
    try {
      runImages(['--nope'], { write: () => undefined });
    } catch (e: unknown) {
      caught = e;
    }
    expect(isUsageError(caught)).toBe(true);
  });
});
