// k8s.NodeLabelSpecController and k8s.NodeTaintSpecController over MemoryState with the real controller
// runtime: the control-plane role label and taint, machine.nodeLabels and machine.nodeTaints, nothing on a
// worker, specs removed when the config no longer has them; plus the protobuf encoding of both specs.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeLabelSpecController } from '../../../../controllers/k8s/node-label-spec';
import { NodeTaintSpecController, parseTaint } from '../../../../controllers/k8s/node-taint-spec';
import { parseMachineConfig } from '../../../../src/config';
import { apiSchema } from '../../../../src/grpc/api-schema';
import {
  MachineConfigDefinition,
  type MachineConfigSpec,
} from '../../../../src/resources/config/machine-config';
import {
  NodeLabelSpecDefinition,
  type NodeLabelSpecSpec,
} from '../../../../src/resources/k8s/node-label-spec';
import {
  NodeTaintSpecDefinition,
  type NodeTaintSpecSpec,
} from '../../../../src/resources/k8s/node-taint-spec';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/config/${name}.yaml`, import.meta.url), 'utf8');
const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: 'v1alpha1' };
const CP = 'node-role.kubernetes.io/control-plane';
const LB = 'node.kubernetes.io/exclude-from-external-load-balancers';

const labels = async (h: Harness) =>
  Object.fromEntries(
    (await h.state.list<NodeLabelSpecSpec>({ namespace: 'k8s', type: NodeLabelSpecDefinition.type })).map(
      (r) => [r.metadata.id, r.spec],
    ),
  );
const taints = async (h: Harness) =>
  (await h.state.list<NodeTaintSpecSpec>({ namespace: 'k8s', type: NodeTaintSpecDefinition.type }))
    .map((r) => ({ id: r.metadata.id, ...r.spec }))
    .sort((a, b) => a.id.localeCompare(b.id));

describe('node label and taint specs', () => {
  let h: Harness;
  afterEach(() => h.shutdown());

  const start = async (text: string) => {
    h = harness();
    h.runtime.register(new NodeLabelSpecController());
    h.runtime.register(new NodeTaintSpecController());
    h.start();
    await apply(text);
  };
  const apply = (text: string) =>
    h.state.modify<MachineConfigSpec>(CONFIG, () => ({ config: parseMachineConfig(text) }));

  it('gives a control plane the role label and NoSchedule taint next to machine.nodeLabels', async () => {
    await start(fixture('controlplane'));
    await waitFor(async () => Object.keys(await labels(h)).length === 2, 'labels');
    expect(await labels(h)).toEqual({ [CP]: { key: CP, value: '' }, [LB]: { key: LB, value: '' } });
    await waitFor(async () => (await taints(h)).length === 1, 'taint');
    expect(await taints(h)).toEqual([{ id: CP, key: CP, value: '', effect: 'NoSchedule' }]);

    // machine.nodeTaints, scheduling allowed on control planes, a label removed
    const text = fixture('controlplane')
      .replace(
        `    nodeLabels:\n        ${LB}: ""\n`,
        '    nodeLabels:\n        zone: a\n    nodeTaints:\n        gpu: "yes:NoExecute"\n        dedicated: NoSchedule\n',
      )
      .replace('cluster:\n', 'cluster:\n    allowSchedulingOnControlPlanes: true\n');
    await apply(text);
    await waitFor(async () => (await taints(h)).some((t) => t.id === 'gpu') && !(await labels(h))[LB], 'new');
    expect(await labels(h)).toEqual({ [CP]: { key: CP, value: '' }, zone: { key: 'zone', value: 'a' } });
    expect(await taints(h)).toEqual([
      { id: 'dedicated', key: 'dedicated', value: '', effect: 'NoSchedule' },
      { id: 'gpu', key: 'gpu', value: 'yes', effect: 'NoExecute' },
    ]);
  });

  it('gives a worker neither', async () => {
    await start(fixture('controlplane'));
    await waitFor(async () => (await taints(h)).length === 1, 'taint');
    await apply(fixture('worker'));
    await waitFor(
      async () => (await taints(h)).length === 0 && Object.keys(await labels(h)).length === 0,
      'none',
    );
  });

  it('parses value:Effect and a bare effect', () => {
    expect(parseTaint('a', 'v:NoExecute')).toEqual({ key: 'a', value: 'v', effect: 'NoExecute' });
    expect(parseTaint('b', 'NoSchedule')).toEqual({ key: 'b', value: '', effect: 'NoSchedule' });
  });

  it('encodes both specs as Talos protobuf messages', () => {
    const codec = apiSchema().codec(NodeTaintSpecDefinition.protoSpec ?? '');
    const spec: NodeTaintSpecSpec = { key: CP, value: 'v', effect: 'NoSchedule' };
    expect(codec.decode(codec.encode(NodeTaintSpecDefinition.toProto!(spec)))).toEqual(spec);
    const lcodec = apiSchema().codec(NodeLabelSpecDefinition.protoSpec ?? '');
    expect(lcodec.decode(lcodec.encode(NodeLabelSpecDefinition.toProto!({ key: CP, value: '' })))).toEqual({
      key: CP,
      value: '',
    });
  });
});
