// k8s.KubeletStaticPodController with a kubelet that answers: while the kubelet service runs, the static
// pods' statuses are the kubelet's own (its /pods/ list, read with the API server's kubelet client
// certificate, the kubelet's self-signed serving certificate trusted from /var/lib/kubelet/pki), pods the
// kubelet took from the API server are left out; once the service stops, the rendered statuses return.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KubeletStaticPodController } from '../../../../controllers/k8s/static-pod-status';
import { generateCA, issueCertificate, toNodeKeyPem } from '../../../../src/pki';
import { NodenameDefinition, type NodenameSpec } from '../../../../src/resources/k8s/nodename';
import { StaticPodDefinition, type StaticPodSpec } from '../../../../src/resources/k8s/static-pod';
import {
  StaticPodStatusDefinition,
  type StaticPodStatusSpec,
} from '../../../../src/resources/k8s/static-pod-status';
import { KUBERNETES_DYNAMIC_CERTS } from '../../../../src/resources/secrets/kubernetes-dynamic-certs';
import { KUBERNETES_ROOT } from '../../../../src/resources/secrets/kubernetes-root';
import { ServiceDefinition } from '../../../../src/resources/v1alpha1/service';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

const podPtr = (id: string) => ({ namespace: 'k8s', type: StaticPodDefinition.type, id });
const statusPtr = (id: string) => ({ namespace: 'k8s', type: StaticPodStatusDefinition.type, id });
const KUBELET = { namespace: 'runtime', type: ServiceDefinition.type, id: 'kubelet' };

const runningPod = {
  phase: 'Running',
  conditions: [{ type: 'Ready', status: 'True' }],
  containerStatuses: [{ name: 'kube-apiserver', ready: true }],
};

let root: string;
let h: Harness;
let kubelet: Server;
let clientSubjects: string[];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'static-pods-kubelet-'));
  const ca = await generateCA({ organizations: ['kubernetes'] });
  const client = await issueCertificate(ca, {
    commonName: 'apiserver-kubelet-client',
    extKeyUsage: 'client',
  });
  // the kubelet's self-signed serving certificate, for the node's name
  const selfCA = await generateCA({ organizations: ['cp-1'] });
  const serving = await issueCertificate(selfCA, { dnsNames: ['cp-1'], extKeyUsage: 'server' });
  await mkdir(join(root, 'var/lib/kubelet/pki'), { recursive: true });
  await writeFile(join(root, 'var/lib/kubelet/pki/kubelet.crt'), selfCA.certPem);
  clientSubjects = [];
  kubelet = createServer(
    { cert: serving.certPem, key: toNodeKeyPem(serving.keyPem), ca: ca.certPem, requestCert: true },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      if (!(req.socket as TLSSocket).authorized) {
        res.writeHead(401).end();
        return;
      }
      clientSubjects.push(String(peer.subject.CN));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'PodList',
          items: [
            {
              metadata: {
                name: 'kube-apiserver-cp-1',
                namespace: 'kube-system',
                annotations: { 'kubernetes.io/config.source': 'file' },
              },
              status: runningPod,
            },
            {
              metadata: {
                name: 'coredns-abc',
                namespace: 'kube-system',
                annotations: { 'kubernetes.io/config.source': 'api' },
              },
              status: { phase: 'Running' },
            },
          ],
        }),
      );
    },
  );
  await new Promise<void>((r) => kubelet.listen(0, '127.0.0.1', r));
  const url = `https://127.0.0.1:${(kubelet.address() as AddressInfo).port}/pods/`;
  h = harness();
  h.runtime.register(new KubeletStaticPodController({ rootDir: root, kubeletPodsUrl: url }));
  h.start();
  await h.state.modify<NodenameSpec>(
    { namespace: 'k8s', type: NodenameDefinition.type, id: 'nodename' },
    () => ({ nodename: 'cp-1', hostnameVersion: '1', skipNodeRegistration: false }),
  );
  await h.state.modify(KUBERNETES_ROOT, () => ({ issuingCA: { crt: ca.certPem, key: ca.keyPem } }) as never);
  await h.state.modify(
    KUBERNETES_DYNAMIC_CERTS,
    () => ({ apiServerKubeletClient: { crt: client.certPem, key: client.keyPem } }) as never,
  );
  await h.state.modify<StaticPodSpec>(podPtr('kube-apiserver'), () => ({
    pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'kube-apiserver', namespace: 'kube-system' } },
  }));
});

afterEach(async () => {
  await h.shutdown();
  kubelet.closeAllConnections();
  await new Promise((r) => kubelet.close(r));
  await rm(root, { recursive: true, force: true });
});

const phase = async (id: string): Promise<unknown> =>
  h.state.get<StaticPodStatusSpec>(statusPtr(id)).then(
    (r) => r.spec.podStatus['phase'],
    () => undefined,
  );

describe('KubeletStaticPodController with a running kubelet', () => {
  it("reports the kubelet's statuses of its static pods only, and the rendered ones once it stops", async () => {
    expect(await waitFor(() => phase('kube-system/kube-apiserver-cp-1'))).toBe('Pending');
    await h.state.modify(KUBELET, () => ({ running: true, healthy: true, unknown: false }));
    await waitFor(
      async () => (await phase('kube-system/kube-apiserver-cp-1')) === 'Running',
      'kubelet status',
    );
    const status = await h.state.get<StaticPodStatusSpec>(statusPtr('kube-system/kube-apiserver-cp-1'));
    expect(status.spec.podStatus).toEqual(runningPod);
    expect(await phase('kube-system/coredns-abc')).toBeUndefined();
    expect(clientSubjects[0]).toBe('apiserver-kubelet-client');

    await h.state.destroy(KUBELET);
    await waitFor(
      async () => (await phase('kube-system/kube-apiserver-cp-1')) === 'Pending',
      'rendered again',
    );
  });
});
