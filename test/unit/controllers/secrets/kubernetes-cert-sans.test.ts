// CertSANs "k8s" for kube-apiserver's certificate: which names and addresses, split, de-duplicated and
// sorted as Talos does; the controller follows the root secrets and the hostname.
import { afterEach, describe, expect, it } from 'vitest';
import {
  KubernetesCertSANsController,
  kubernetesCertSANs,
} from '../../../../controllers/secrets/kubernetes-cert-sans';
import { HostnameStatusDefinition } from '../../../../src/resources/network/hostname-status';
import { CertSANsDefinition, type CertSANSpec } from '../../../../src/resources/secrets/cert-sans';
import {
  KubernetesRootDefinition,
  type KubernetesRootSpec,
} from '../../../../src/resources/secrets/kubernetes-root';
import { harness, settle, waitFor, type Harness } from '../../controller-runtime/helpers';
import { NotFoundError } from '../../../../src/state';

const ROOT: KubernetesRootSpec = {
  name: 'demo',
  endpoint: 'https://api.example.com.:6443',
  localEndpoint: 'https://127.0.0.1:7445',
  certSANs: ['10.5.0.2', 'k8s.example.com', 'fd00::0:2', 'api.example.com'],
  apiServerIPs: ['10.96.0.1', 'fd00:96::1'],
  dnsDomain: 'corp.local',
  acceptedCAs: [],
  aggregatorCA: { crt: '', key: '' },
  aesCBCEncryptionSecret: '',
  bootstrapTokenID: '',
  bootstrapTokenSecret: '',
  secretboxEncryptionSecret: '',
};

describe('Kubernetes cert SANs', () => {
  it('collects endpoint, cert SANs, service names, hostname and addresses', () => {
    const spec = kubernetesCertSANs(ROOT, { hostname: 'cp-1', domainname: 'lan' }, [
      '192.168.1.10',
      '10.5.0.2',
    ]);
    expect(spec).toEqual({
      dnsNames: [
        'api.example.com',
        'cp-1',
        'cp-1.lan',
        'k8s.example.com',
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
        'kubernetes.default.svc.corp.local',
        'localhost',
      ],
      ips: ['10.5.0.2', '10.96.0.1', '127.0.0.1', '192.168.1.10', 'fd00::2', 'fd00:96::1'],
      fqdn: '',
    });
  });

  it('takes an IP endpoint as an IP, and an empty domain adds no FQDN', () => {
    const spec = kubernetesCertSANs(
      { ...ROOT, endpoint: 'https://[fd00::10]:6443', certSANs: [] },
      { hostname: 'cp-1', domainname: '' },
      [],
    );
    expect(spec.ips).toContain('fd00::10');
    expect(spec.dnsNames.filter((n) => n.startsWith('cp-1'))).toEqual(['cp-1']);
  });
});

const ROOT_PTR = { namespace: 'secrets', type: KubernetesRootDefinition.type, id: 'k8s' };
const HOSTNAME = { namespace: 'network', type: HostnameStatusDefinition.type, id: 'hostname' };
const SANS = { namespace: 'secrets', type: CertSANsDefinition.type, id: 'k8s' };

describe('KubernetesCertSANsController', () => {
  let h: Harness;
  afterEach(() => h.shutdown());

  it('waits for the hostname, follows it, and removes its SANs with the root secrets', async () => {
    h = harness();
    h.runtime.register(new KubernetesCertSANsController({ addresses: ['10.5.0.2', '0.0.0.0'] }));
    h.start();
    await h.state.modify(ROOT_PTR, () => ROOT);
    await settle(100);
    await expect(h.state.get(SANS)).rejects.toBeInstanceOf(NotFoundError);
    await h.state.modify(HOSTNAME, () => ({ hostname: 'cp-1', domainname: '' }));
    const first = await waitFor(() => h.state.get<CertSANSpec>(SANS).catch(() => undefined), 'SANs');
    expect(first.spec.ips).not.toContain('0.0.0.0');
    expect(first.spec.ips).toContain('10.5.0.2');
    await h.state.modify(HOSTNAME, () => ({ hostname: 'cp-2', domainname: 'lan' }));
    await waitFor(
      async () => (await h.state.get<CertSANSpec>(SANS)).spec.dnsNames.includes('cp-2.lan'),
      'rename',
    );
    await h.state.destroy(ROOT_PTR);
    await waitFor(
      () =>
        h.state.get(SANS).then(
          () => false,
          () => true,
        ),
      'removal',
    );
  });
});
