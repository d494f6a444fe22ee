// k8s.KubeletStaticPodController over the real runtime: StaticPods become talos-<id>.yaml manifests
// under the root directory, rewritten only when they change, removed with the pod; statuses follow.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KubeletStaticPodController, statusId } from '../../../../controllers/k8s/static-pod-status';
import { NodenameDefinition, type NodenameSpec } from '../../../../src/resources/k8s/nodename';
import { StaticPodDefinition, type StaticPodSpec } from '../../../../src/resources/k8s/static-pod';
import {
  StaticPodStatusDefinition,
  type StaticPodStatusSpec,
} from '../../../../src/resources/k8s/static-pod-status';
import { isNotFoundError } from '../../../../src/state';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

const pod = (name: string, image: string): StaticPodSpec => ({
  pod: {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'kube-system' },
    spec: { containers: [{ name, image }] },
  },
});
const podPtr = (id: string) => ({ namespace: 'k8s', type: StaticPodDefinition.type, id });
const statusPtr = (id: string) => ({ namespace: 'k8s', type: StaticPodStatusDefinition.type, id });

let root: string;
let h: Harness;
const manifests = () => join(root, 'etc/kubernetes/manifests');

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'static-pods-'));
  h = harness();
  h.runtime.register(new KubeletStaticPodController({ rootDir: root }));
  h.start();
  await h.state.modify<NodenameSpec>(
    { namespace: 'k8s', type: NodenameDefinition.type, id: 'nodename' },
    () => ({ nodename: 'cp-1', hostnameVersion: '1', skipNodeRegistration: false }),
  );
});

afterEach(async () => {
  await h.shutdown();
  await rm(root, { recursive: true, force: true });
});

const exists = async (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

describe('KubeletStaticPodController', () => {
  it('renders each StaticPod to talos-<id>.yaml and reports its status under the mirror pod id', async () => {
    await h.state.modify(podPtr('kube-apiserver'), () => pod('kube-apiserver', 'api:1'));
    await h.state.modify(podPtr('kube-scheduler'), () => pod('kube-scheduler', 'sched:1'));
    const api = join(manifests(), 'talos-kube-apiserver.yaml');
    await waitFor(() => exists(join(manifests(), 'talos-kube-scheduler.yaml')), 'scheduler manifest');
    expect(parse(await readFile(api, 'utf8'))).toEqual(pod('kube-apiserver', 'api:1').pod);
    expect((await stat(api)).mode & 0o777).toBe(0o600);

    const status = await waitFor(() =>
      h.state.get<StaticPodStatusSpec>(statusPtr('kube-system/kube-apiserver-cp-1')).catch(() => undefined),
    );
    expect(status.spec.podStatus).toMatchObject({
      phase: 'Pending',
      conditions: [{ type: 'Ready', status: 'False', reason: 'ManifestRendered' }],
    });
    expect(h.logs().filter((l) => l.msg === 'rendered new static pod')).toHaveLength(2);
  });

  it('rewrites only the manifest whose pod changed, and removes the manifest of a removed pod', async () => {
    await h.state.modify(podPtr('kube-apiserver'), () => pod('kube-apiserver', 'api:1'));
    await h.state.modify(podPtr('kube-scheduler'), () => pod('kube-scheduler', 'sched:1'));
    const api = join(manifests(), 'talos-kube-apiserver.yaml');
    const sched = join(manifests(), 'talos-kube-scheduler.yaml');
    await waitFor(() => exists(sched), 'scheduler manifest');
    await waitFor(() => exists(api), 'apiserver manifest');
    // a file the agent does not own stays
    await writeFile(join(manifests(), 'other.yaml'), 'kind: Pod\n');
    const schedBefore = await stat(sched);

    await h.state.modify(podPtr('kube-apiserver'), () => pod('kube-apiserver', 'api:2'));
    await waitFor(async () => (await readFile(api, 'utf8')).includes('api:2'), 'apiserver re-rendered');
    expect((await stat(sched)).ino).toBe(schedBefore.ino);
    expect((await stat(sched)).mtimeMs).toBe(schedBefore.mtimeMs);
    // the log line follows the file's rename
    await waitFor(() => h.logs().filter((l) => l.msg === 'rendered new static pod').length >= 3, 'log line');
    expect(h.logs().filter((l) => l.msg === 'rendered new static pod')).toHaveLength(3);

    await h.state.destroy(podPtr('kube-scheduler'));
    await waitFor(async () => !(await exists(sched)), 'scheduler manifest removed');
    await waitFor(
      () =>
        h.state.get(statusPtr('kube-system/kube-scheduler-cp-1')).then(
          () => false,
          (e: unknown) => isNotFoundError(e),
        ),
      'scheduler status removed',
    );
    expect((await readdir(manifests())).sort()).toEqual(['other.yaml', 'talos-kube-apiserver.yaml']);
  });

  it('names a status after the pod namespace (default when missing), name and node name', () => {
    expect(statusId({ metadata: { name: 'nginx' } }, 'n1')).toBe('default/nginx-n1');
    expect(statusId({ metadata: { name: 'a', namespace: 'ns' } }, 'n1')).toBe('ns/a-n1');
    expect(statusId({ metadata: {} }, 'n1')).toBeUndefined();
  });
});
