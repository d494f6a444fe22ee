// k8s.NodeApplyController against a fake Kubernetes API (HTTPS on loopback, the kubeconfig's CA and token):
// it waits for the Node to exist (404 retried with backoff), sends the exact JSON merge patch with the
// Node's resourceVersion, retries a conflict with a fresh read, removes a label whose spec is gone, and
// leaves a worker's Node alone.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeApplyController } from '../../../../controllers/k8s/node-apply';
import { generateCA, issueCertificate, toNodeKeyPem } from '../../../../src/pki';
import { MachineTypeDefinition, type MachineTypeName } from '../../../../src/resources/config/machine-type';
import {
  NodeLabelSpecDefinition,
  type NodeLabelSpecSpec,
} from '../../../../src/resources/k8s/node-label-spec';
import {
  NodeTaintSpecDefinition,
  type NodeTaintSpecSpec,
} from '../../../../src/resources/k8s/node-taint-spec';
import { NodenameDefinition, type NodenameSpec } from '../../../../src/resources/k8s/nodename';
import { KubernetesSecretsDefinition } from '../../../../src/resources/secrets/kubernetes-secrets';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

const CP = 'node-role.kubernetes.io/control-plane';
const TYPE = { namespace: 'config', type: MachineTypeDefinition.type, id: 'machine-type' };
const label = (id: string) => ({ namespace: 'k8s', type: NodeLabelSpecDefinition.type, id });
const taint = (id: string) => ({ namespace: 'k8s', type: NodeTaintSpecDefinition.type, id });

interface Seen {
  method: string;
  url: string;
  contentType?: string;
  auth?: string;
  body?: unknown;
}

let api: Server;
let seen: Seen[];
let node: Record<string, unknown> | undefined;
let conflicts: number;
let h: Harness;

beforeEach(async () => {
  const ca = await generateCA({ organizations: ['kubernetes'] });
  const serving = await issueCertificate(ca, { ipAddresses: ['127.0.0.1'], extKeyUsage: 'server' });
  seen = [];
  node = undefined;
  conflicts = 0;
  api = createServer({ cert: serving.certPem, key: toNodeKeyPem(serving.keyPem) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        contentType: req.headers['content-type'],
        auth: req.headers.authorization,
        ...(text !== '' ? { body: JSON.parse(text) as unknown } : {}),
      });
      const answer = (code: number, body: unknown) => {
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url !== '/api/v1/nodes/cp-1') return answer(404, { kind: 'Status', reason: 'NotFound' });
      if (req.method === 'GET')
        return node ? answer(200, node) : answer(404, { kind: 'Status', reason: 'NotFound' });
      if (conflicts > 0) {
        conflicts--;
        node!['metadata'] = { ...(node!['metadata'] as object), resourceVersion: '8' };
        return answer(409, { kind: 'Status', reason: 'Conflict', message: 'the object has been modified' });
      }
      return answer(200, node);
    });
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  const server = `https://127.0.0.1:${(api.address() as AddressInfo).port}`;
  const kubeconfig = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: local\n  cluster:\n    server: ${server}\n    certificate-authority-data: ${Buffer.from(ca.certPem).toString('base64')}`,
    'users:',
    '- name: admin\n  user:\n    token: admin-token',
    'contexts:',
    '- name: admin@local\n  context:\n    cluster: local\n    user: admin',
    'current-context: admin@local',
  ].join('\n');
  h = harness();
  h.runtime.register(new NodeApplyController());
  h.start();
  await h.state.modify(
    { namespace: 'secrets', type: KubernetesSecretsDefinition.type, id: 'k8s-certs' },
    () => ({ localhostAdminKubeconfig: kubeconfig }) as never,
  );
  await h.state.modify<NodenameSpec>(
    { namespace: 'k8s', type: NodenameDefinition.type, id: 'nodename' },
    () => ({
      nodename: 'cp-1',
      hostnameVersion: '1',
      skipNodeRegistration: false,
    }),
  );
  await h.state.modify<NodeLabelSpecSpec>(label(CP), () => ({ key: CP, value: '' }));
  await h.state.modify<NodeLabelSpecSpec>(label('zone'), () => ({ key: 'zone', value: 'a' }));
  await h.state.modify<NodeTaintSpecSpec>(taint(CP), () => ({ key: CP, value: '', effect: 'NoSchedule' }));
});

afterEach(async () => {
  await h.shutdown();
  api.closeAllConnections();
  await new Promise((r) => api.close(r));
});

const patches = () => seen.filter((s) => s.method === 'PATCH');

describe('NodeApplyController', () => {
  it('waits for the Node, then patches in the labels and taint it owns, and removes one whose spec is gone', async () => {
    await h.state.modify<MachineTypeName>(TYPE, () => 'controlplane');
    await waitFor(() => seen.some((s) => s.method === 'GET'), 'a GET of the node');
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/v1/nodes/cp-1', auth: 'Bearer admin-token' });
    node = {
      metadata: { name: 'cp-1', resourceVersion: '7', labels: { 'kubernetes.io/hostname': 'cp-1' } },
      spec: { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] },
    };
    conflicts = 1;
    await waitFor(() => patches().length === 2, 'the patch, after a conflict', 10_000);
    const [first, second] = patches();
    expect(first!.body).toMatchObject({ metadata: { resourceVersion: '7' } });
    expect(second!.contentType).toBe('application/merge-patch+json');
    expect(second!.body).toEqual({
      metadata: {
        resourceVersion: '8',
        labels: { [CP]: '', zone: 'a' },
        annotations: {
          'talos.dev/owned-labels': `["${CP}","zone"]`,
          'talos.dev/owned-taints': `["${CP}"]`,
        },
      },
      spec: {
        taints: [
          { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
          { key: CP, effect: 'NoSchedule' },
        ],
      },
    });

    // the Node as the API server would have it now; then the zone label's spec goes away
    node = {
      metadata: {
        name: 'cp-1',
        resourceVersion: '9',
        labels: { 'kubernetes.io/hostname': 'cp-1', [CP]: '', zone: 'a' },
        annotations: { 'talos.dev/owned-labels': `["${CP}","zone"]`, 'talos.dev/owned-taints': `["${CP}"]` },
      },
      spec: { taints: [{ key: CP, effect: 'NoSchedule' }] },
    };
    await h.state.destroy(label('zone'));
    await waitFor(() => patches().length === 3, 'the removal patch');
    expect(patches()[2]!.body).toEqual({
      metadata: {
        resourceVersion: '9',
        labels: { zone: null },
        annotations: { 'talos.dev/owned-labels': `["${CP}"]` },
      },
    });
  });

  it("leaves a worker's Node alone (it has no admin kubeconfig)", async () => {
    node = { metadata: { name: 'cp-1', resourceVersion: '1' } };
    await h.state.modify<MachineTypeName>(TYPE, () => 'worker');
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([]);
  });
});
