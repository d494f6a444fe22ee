// KubernetesDynamicCerts end to end: machine config → KubernetesRootSecrets → CertSANs "k8s" →
// kube-apiserver's certificates, verified with node:crypto against the CAs from the config.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { KubernetesCertSANsController } from '../../../../controllers/secrets/kubernetes-cert-sans';
import { KubernetesDynamicCertsController } from '../../../../controllers/secrets/kubernetes-dynamic-certs';
import { KubernetesRootController } from '../../../../controllers/secrets/kubernetes-root';
import { parseMachineConfig } from '../../../../src/config';
import { parseCertificate } from '../../../../src/pki';
import {
  MachineConfigDefinition,
  type MachineConfigSpec,
} from '../../../../src/resources/config/machine-config';
import { HostnameStatusDefinition } from '../../../../src/resources/network/hostname-status';
import { CertSANsDefinition, type CertSANSpec } from '../../../../src/resources/secrets/cert-sans';
import {
  KubernetesDynamicCertsDefinition,
  type KubernetesDynamicCertsSpec,
} from '../../../../src/resources/secrets/kubernetes-dynamic-certs';
import {
  KubernetesRootDefinition,
  type KubernetesRootSpec,
} from '../../../../src/resources/secrets/kubernetes-root';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';
import { CONTROLPLANE, WORKER } from '../../../harness/manifest-fixtures';

const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: 'v1alpha1' };
const ROOT = { namespace: 'secrets', type: KubernetesRootDefinition.type, id: 'k8s' };
const HOSTNAME = { namespace: 'network', type: HostnameStatusDefinition.type, id: 'hostname' };
const SANS = { namespace: 'secrets', type: CertSANsDefinition.type, id: 'k8s' };
const CERTS = { namespace: 'secrets', type: KubernetesDynamicCertsDefinition.type, id: 'k8s-dynamic-certs' };
const DAY = 86_400_000;

async function start(validityMs?: number): Promise<Harness> {
  const h = harness();
  h.runtime.register(new KubernetesRootController());
  h.runtime.register(new KubernetesCertSANsController({ addresses: ['10.5.0.2'] }));
  h.runtime.register(new KubernetesDynamicCertsController(validityMs ? { validityMs } : {}));
  h.start();
  await h.state.modify(HOSTNAME, () => ({ hostname: 'cp-1', domainname: '' }));
  await apply(h, CONTROLPLANE);
  return h;
}

const apply = (h: Harness, text: string) =>
  h.state.modify<MachineConfigSpec>(CONFIG, () => ({ config: parseMachineConfig(text) }));

const certs = (h: Harness, ok: (s: KubernetesDynamicCertsSpec) => boolean = () => true) =>
  waitFor(async () => {
    const r = await h.state.get<KubernetesDynamicCertsSpec>(CERTS).catch(() => undefined);
    return r && ok(r.spec) ? r.spec : undefined;
  }, 'dynamic certs');

const subject = (c: X509Certificate): string[] => c.subject.split('\n').sort();
const sanList = (c: X509Certificate): string[] => (c.subjectAltName ?? '').split(', ').sort();
const serial = (pem: string): string => new X509Certificate(pem).serialNumber;

describe('Kubernetes dynamic certificates', () => {
  let h: Harness;
  afterEach(() => h.shutdown());

  it('issues the API server, kubelet client and front proxy certificates as Talos', async () => {
    h = await start();
    const spec = await certs(h);
    const root = (await h.state.get<KubernetesRootSpec>(ROOT)).spec;
    const sans = (await h.state.get<CertSANSpec>(SANS)).spec;
    const ca = new X509Certificate(root.issuingCA?.crt ?? '');
    const aggregator = new X509Certificate(root.aggregatorCA.crt);

    const api = new X509Certificate(spec.apiServer.crt);
    expect(api.checkIssued(ca) && api.verify(ca.publicKey)).toBe(true);
    expect(api.checkPrivateKey(createPrivateKey(spec.apiServer.key))).toBe(true);
    expect(subject(api)).toEqual(['CN=kube-apiserver', 'O=kube-master']);
    expect(sanList(api)).toEqual(
      [...sans.dnsNames.map((n) => `DNS:${n}`), ...sans.ips.map((ip) => `IP Address:${ip}`)].sort(),
    );
    expect(sans.dnsNames).toContain('kubernetes.default.svc.cluster.local');
    expect(sans.ips).toEqual(['10.5.0.2', '10.96.0.1', '127.0.0.1']);
    expect(api.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(parseCertificate(spec.apiServer.crt).keyUsage.sort()).toEqual([
      'digitalSignature',
      'keyEncipherment',
    ]);
    const days = (Date.parse(api.validTo) - Date.parse(api.validFrom)) / DAY;
    expect(days).toBeGreaterThan(364.9);
    expect(days).toBeLessThan(365.1);

    const kubelet = new X509Certificate(spec.apiServerKubeletClient.crt);
    expect(kubelet.checkIssued(ca) && kubelet.verify(ca.publicKey)).toBe(true);
    expect(subject(kubelet)).toEqual(['CN=apiserver-kubelet-client', 'O=system:masters']);
    expect(kubelet.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(kubelet.subjectAltName).toBeUndefined();

    const proxy = new X509Certificate(spec.frontProxy.crt);
    expect(proxy.checkIssued(aggregator) && proxy.verify(aggregator.publicKey)).toBe(true);
    expect(proxy.verify(ca.publicKey)).toBe(false);
    expect(subject(proxy)).toEqual(['CN=front-proxy-client']);
    expect(proxy.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
  });

  it('issues again when the SANs change, and removes them on a worker', async () => {
    h = await start();
    const first = await certs(h);
    await h.state.modify(HOSTNAME, () => ({ hostname: 'cp-renamed', domainname: '' }));
    const second = await certs(h, (s) => s.apiServer.crt !== first.apiServer.crt);
    expect(new X509Certificate(second.apiServer.crt).subjectAltName).toContain('DNS:cp-renamed');
    await apply(h, WORKER);
    await waitFor(
      () =>
        h.state.get(CERTS).then(
          () => false,
          () => true,
        ),
      'removal',
    );
  });

  it('refreshes at half of the lifetime without any input change', async () => {
    h = await start(1200);
    const first = await certs(h);
    const issued = Date.now();
    const second = await certs(h, (s) => serial(s.apiServer.crt) !== serial(first.apiServer.crt));
    expect(Date.now() - issued).toBeGreaterThan(300);
    expect(serial(second.frontProxy.crt)).not.toBe(serial(first.frontProxy.crt));
    await certs(h, (s) => serial(s.apiServer.crt) !== serial(second.apiServer.crt));
  });
});
