// BootstrapManifestsConfig and ExtraManifestsConfig from the machine config, as Talos derives them.
import { describe, expect, it } from 'vitest';
import {
  bootstrapManifestsConfig,
  dnsServiceIPs,
  imageAtLeast,
  proxyArgs,
} from '../../../../controllers/k8s/bootstrap-manifests-config';
import { extraManifestsConfig } from '../../../../controllers/k8s/extra-manifests-config';
import { config, CONTROLPLANE, variant, WORKER } from '../../../harness/manifest-fixtures';
import { isExtraArgDeniedError } from '../../../../src/config/errors';

describe('BootstrapManifestsConfig', () => {
  it('follows the control-plane fixture (KubePrism on, defaults elsewhere)', () => {
    expect(bootstrapManifestsConfig(config(CONTROLPLANE))).toEqual({
      server: 'https://127.0.0.1:7445',
      clusterDomain: 'cluster.local',
      podCIDRs: ['10.244.0.0/16'],
      proxyEnabled: true,
      proxyImage: 'registry.k8s.io/kube-proxy:v1.36.3',
      proxyArgs: [
        '--cluster-cidr=10.244.0.0/16',
        '--conntrack-max-per-core=0',
        '--hostname-override=$(NODE_NAME)',
        '--kubeconfig=/etc/kubernetes/kubeconfig',
        '--proxy-mode=nftables',
      ],
      coreDNSEnabled: true,
      coreDNSImage: 'registry.k8s.io/coredns/coredns:v1.14.6',
      dnsServiceIP: '10.96.0.10',
      dnsServiceIPv6: '',
      flannelEnabled: true,
      // Talos pins 0.28.8; the proxy serves 0.28.10, which make k8s-images builds.
      flannelImage: 'ghcr.io/siderolabs/flannel:0.28.10',
      flannelExtraArgs: [],
      flannelKubeServiceHost: '127.0.0.1',
      flannelKubeServicePort: '7445',
      flannelKubeNetworkPoliciesEnabled: false,
      flannelKubeNetworkPoliciesImage: 'registry.k8s.io/networking/kube-network-policies:v1.1.0',
      podSecurityPolicyEnabled: false,
      talosAPIServiceEnabled: false,
      cniName: 'flannel',
    });
  });

  it('is absent on a worker', () => {
    expect(bootstrapManifestsConfig(config(WORKER))).toBeUndefined();
  });

  it('takes the endpoint without KubePrism, and the switches, images and CNI settings', () => {
    const spec = bootstrapManifestsConfig(
      config(
        variant((d) => {
          const m = d.machine ?? {};
          m.features = {
            ...m.features,
            kubePrism: { enabled: false },
            kubernetesTalosAPIAccess: { enabled: true },
          };
          const c = d.cluster ?? {};
          c.proxy = {
            disabled: true,
            image: 'registry.k8s.io/kube-proxy:v1.30.2',
            mode: 'ipvs',
            extraArgs: { v: '4' },
          };
          c.coreDNS = { disabled: true, image: 'example/coredns:1' };
          c.network = {
            ...c.network,
            dnsDomain: 'corp.example',
            podSubnets: ['10.244.0.0/16', 'fd01::/64'],
            serviceSubnets: ['10.96.0.0/12', 'fd02::/108'],
            cni: {
              name: 'flannel',
              flannel: { extraArgs: ['--iface=eth1'], kubeNetworkPoliciesEnabled: true },
            },
          };
        }),
      ),
    );
    expect(spec).toMatchObject({
      server: 'https://10.5.0.2:6443',
      clusterDomain: 'corp.example',
      proxyEnabled: false,
      proxyImage: 'registry.k8s.io/kube-proxy:v1.30.2',
      coreDNSEnabled: false,
      coreDNSImage: 'example/coredns:1',
      dnsServiceIP: '10.96.0.10',
      dnsServiceIPv6: 'fd02::a',
      flannelExtraArgs: ['--iface=eth1'],
      flannelKubeServiceHost: '',
      flannelKubeServicePort: '',
      flannelKubeNetworkPoliciesEnabled: true,
      talosAPIServiceEnabled: true,
    });
    expect(spec?.proxyArgs).toContain('--proxy-mode=ipvs');
    expect(spec?.proxyArgs).toContain('--v=4');
    expect(spec?.proxyArgs).toContain('--cluster-cidr=10.244.0.0/16,fd01::/64');
  });

  it('has no flannel with CNI "none" or "custom", and flannel without a cni section', () => {
    for (const name of ['none', 'custom'] as const) {
      const spec = bootstrapManifestsConfig(
        config(variant((d) => void ((d.cluster ?? {}).network = { cni: { name } }))),
      );
      expect(spec?.flannelEnabled).toBe(false);
      expect(spec?.cniName).toBe(name);
    }
    const noNetwork = bootstrapManifestsConfig(config(variant((d) => void delete d.cluster?.network)));
    expect(noNetwork).toMatchObject({
      flannelEnabled: true,
      cniName: 'flannel',
      podCIDRs: ['10.244.0.0/16'],
    });
  });

  it('builds kube-proxy flags as Talos: mode from the image version, extra args overwrite, kubeconfig denied', () => {
    expect(proxyArgs('registry.k8s.io/kube-proxy:v1.30.9', undefined, ['10.0.0.0/8'], {})).toContain(
      '--proxy-mode=iptables',
    );
    expect(proxyArgs('x/kube-proxy:v1.31.0-rc.1', undefined, [], {})).toContain('--proxy-mode=nftables');
    expect(proxyArgs('x/kube-proxy:v1.31.0', undefined, [], { 'proxy-mode': ['ipvs', 'x'] })).toEqual([
      '--cluster-cidr=',
      '--conntrack-max-per-core=0',
      '--hostname-override=$(NODE_NAME)',
      '--kubeconfig=/etc/kubernetes/kubeconfig',
      '--proxy-mode=ipvs',
      '--proxy-mode=x',
    ]);
    let err: unknown;
    try {
      proxyArgs('x', undefined, [], { kubeconfig: '/x' });
    } catch (e: unknown) {
      err = e;
    }
    expect(isExtraArgDeniedError(err)).toBe(true);
    expect(imageAtLeast('localhost:5000/kube-proxy', 1, 31)).toBe(false);
    expect(imageAtLeast('kube-proxy:1.31@sha256:abc', 1, 31)).toBe(true);
  });

  it('puts the DNS service at the 10th address of each service subnet', () => {
    expect(dnsServiceIPs(['10.96.0.0/12'])).toEqual({ v4: '10.96.0.10', v6: '' });
    expect(dnsServiceIPs(['fd00::/108,10.0.0.0/24'])).toEqual({ v4: '10.0.0.10', v6: 'fd00::a' });
    expect(() => dnsServiceIPs(['10.0.0.0/30'])).toThrow('CIDR 10.0.0.0/30 too small for offset 10');
  });
});

describe('ExtraManifestsConfig', () => {
  it('lists CNI URLs, cloud provider manifests, extra manifests with headers and inline manifests', () => {
    const spec = extraManifestsConfig(
      config(
        variant((d) => {
          const c = d.cluster ?? {};
          c.network = { ...c.network, cni: { name: 'custom', urls: ['https://cni.example/cni.yaml'] } };
          c.externalCloudProvider = { enabled: true, manifests: ['https://ccm.example/ccm.yaml'] };
          c.extraManifests = ['https://extra.example/a.yaml'];
          c.extraManifestHeaders = { Token: 'abc' };
          c.inlineManifests = [{ name: 'ns', contents: 'apiVersion: v1\nkind: Namespace\n' }];
        }),
      ),
    );
    expect(spec?.extraManifests).toEqual([
      {
        name: 'https://cni.example/cni.yaml',
        url: 'https://cni.example/cni.yaml',
        priority: '05',
        extraHeaders: {},
        inlineManifest: '',
      },
      {
        name: 'https://ccm.example/ccm.yaml',
        url: 'https://ccm.example/ccm.yaml',
        priority: '30',
        extraHeaders: {},
        inlineManifest: '',
      },
      {
        name: 'https://extra.example/a.yaml',
        url: 'https://extra.example/a.yaml',
        priority: '99',
        extraHeaders: { Token: 'abc' },
        inlineManifest: '',
      },
      {
        name: 'ns',
        url: '',
        priority: '99',
        extraHeaders: {},
        inlineManifest: 'apiVersion: v1\nkind: Namespace\n',
      },
    ]);
    expect(extraManifestsConfig(config(CONTROLPLANE))).toEqual({ extraManifests: [] });
    expect(extraManifestsConfig(config(WORKER))).toBeUndefined();
  });
});
