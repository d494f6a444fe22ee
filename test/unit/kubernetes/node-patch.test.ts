// The merge patch the node-apply controller sends: labels and taints taken over and owned, foreign values
// left alone, owned keys no longer wanted removed, the owned-keys annotations kept, no patch when nothing changes.
import { describe, expect, it } from 'vitest';
import { nodePatch, OwnedAnnotationError, type NodeObject } from '../../../src/kubernetes/node-patch';

const CP = 'node-role.kubernetes.io/control-plane';
const cpTaint = { key: CP, value: '', effect: 'NoSchedule' };
const notReady = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };

const registered = (): NodeObject => ({
  metadata: {
    name: 'cp-1',
    resourceVersion: '42',
    labels: { 'kubernetes.io/hostname': 'cp-1' },
    annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
  },
  spec: { taints: [notReady] },
});

describe('nodePatch', () => {
  it('takes over the control-plane label and taint of a freshly registered node', () => {
    const { patch, skipped } = nodePatch(registered(), { [CP]: '', zone: 'a' }, [cpTaint]);
    expect(patch).toEqual({
      metadata: {
        resourceVersion: '42',
        labels: { [CP]: '', zone: 'a' },
        annotations: {
          'talos.dev/owned-labels': `["${CP}","zone"]`,
          'talos.dev/owned-taints': `["${CP}"]`,
        },
      },
      spec: { taints: [notReady, { key: CP, effect: 'NoSchedule' }] },
    });
    expect(skipped).toEqual([]);
  });

  it('sends nothing when the node already is as wanted', () => {
    const node = registered();
    node.metadata!.labels![CP] = '';
    node.metadata!.annotations!['talos.dev/owned-labels'] = `["${CP}"]`;
    node.metadata!.annotations!['talos.dev/owned-taints'] = `["${CP}"]`;
    node.spec!.taints!.push({ key: CP, effect: 'NoSchedule' });
    expect(nodePatch(node, { [CP]: '' }, [cpTaint]).patch).toBeUndefined();
  });

  it('removes owned labels and taints no longer wanted, and the annotations with the last of them', () => {
    const node = registered();
    node.metadata!.labels!['zone'] = 'a';
    node.metadata!.annotations!['talos.dev/owned-labels'] = '["zone"]';
    node.metadata!.annotations!['talos.dev/owned-taints'] = '["dedicated"]';
    node.spec!.taints!.push({ key: 'dedicated', value: 'db', effect: 'NoExecute' });
    expect(nodePatch(node, {}, []).patch).toEqual({
      metadata: {
        resourceVersion: '42',
        labels: { zone: null },
        annotations: { 'talos.dev/owned-labels': null, 'talos.dev/owned-taints': null },
      },
      spec: { taints: [notReady] },
    });
  });

  it('leaves a label someone else set to another value alone, and updates an owned one', () => {
    const node = registered();
    node.metadata!.labels!['zone'] = 'b';
    node.metadata!.labels!['rack'] = '1';
    node.metadata!.annotations!['talos.dev/owned-labels'] = '["rack"]';
    const { patch, skipped } = nodePatch(node, { zone: 'a', rack: '2' }, []);
    expect(patch).toEqual({ metadata: { resourceVersion: '42', labels: { rack: '2' } } });
    expect(skipped).toEqual(['label zone']);
  });

  it('owns a taint already set to the wanted value, and leaves a foreign one with another effect alone', () => {
    const node = registered();
    node.spec!.taints!.push(
      { key: CP, effect: 'NoSchedule' },
      { key: 'gpu', value: 'x', effect: 'NoExecute' },
    );
    const { patch, skipped } = nodePatch(node, {}, [
      cpTaint,
      { key: 'gpu', value: 'x', effect: 'NoSchedule' },
    ]);
    expect(patch).toEqual({
      metadata: { resourceVersion: '42', annotations: { 'talos.dev/owned-taints': `["${CP}"]` } },
    });
    expect(skipped).toEqual(['taint gpu']);
  });

  it('refuses an owned-labels annotation that is not a JSON list of keys', () => {
    const node = registered();
    node.metadata!.annotations!['talos.dev/owned-labels'] = '{"a":1}';
    expect(() => nodePatch(node, {}, [])).toThrow(OwnedAnnotationError);
  });
});
