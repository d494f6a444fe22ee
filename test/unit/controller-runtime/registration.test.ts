// Registration checks (one exclusive owner per output type) and the dependency graph's shape.
import { describe, expect, it } from 'vitest';
import {
  isDuplicateControllerError,
  isOutputConflictError,
  isRuntimeStartedError,
  OutputConflictError,
} from '../../../src/controller-runtime';
import { FnController, harness } from './helpers';

const T = 'Outputs.test.dev';

function thrown(fn: () => void): unknown {
  try {
    fn();
  } catch (e: unknown) {
    return e;
  }
  return undefined;
}

describe('registration', () => {
  it('refuses a second exclusive owner of an output type', () => {
    const { runtime } = harness();
    runtime.register(new FnController({ name: 'a', outputs: [{ type: T, kind: 'exclusive' }] }));
    const caught = thrown(() =>
      runtime.register(new FnController({ name: 'b', outputs: [{ type: T, kind: 'exclusive' }] })),
    );
    expect(caught).toSatisfy(isOutputConflictError);
    expect(caught).toMatchObject({ type: T, controller: 'b', existingOwner: 'a', existingKind: 'exclusive' });
  });

  it('allows several shared owners but never mixed with an exclusive one', () => {
    const { runtime } = harness();
    runtime.register(new FnController({ name: 'a', outputs: [{ type: T, kind: 'shared' }] }));
    runtime.register(new FnController({ name: 'b', outputs: [{ type: T, kind: 'shared' }] }));
    expect(() =>
      runtime.register(new FnController({ name: 'c', outputs: [{ type: T, kind: 'exclusive' }] })),
    ).toThrow(OutputConflictError);
    runtime.register(
      new FnController({ name: 'd', outputs: [{ type: 'Other.test.dev', kind: 'exclusive' }] }),
    );
    expect(() =>
      runtime.register(
        new FnController({ name: 'e', outputs: [{ type: 'Other.test.dev', kind: 'shared' }] }),
      ),
    ).toThrow(OutputConflictError);
  });

  it('changes nothing when a registration is refused', () => {
    const { runtime } = harness();
    runtime.register(new FnController({ name: 'a', outputs: [{ type: T, kind: 'exclusive' }] }));
    const refused = new FnController({
      name: 'b',
      outputs: [
        { type: 'Free.test.dev', kind: 'exclusive' },
        { type: T, kind: 'exclusive' },
      ],
    });
    expect(() => runtime.register(refused)).toThrow(OutputConflictError);
    runtime.register(
      new FnController({ name: 'c', outputs: [{ type: 'Free.test.dev', kind: 'exclusive' }] }),
    );
    expect(runtime.dependencies().edges.map((e) => e.controller_name)).toEqual(['a', 'c']);
  });

  it('refuses duplicate names and registration once running', async () => {
    const h = harness();
    h.runtime.register(new FnController({ name: 'a' }));
    expect(thrown(() => h.runtime.register(new FnController({ name: 'a' })))).toSatisfy(
      isDuplicateControllerError,
    );
    h.start();
    expect(thrown(() => h.runtime.register(new FnController({ name: 'b' })))).toSatisfy(
      isRuntimeStartedError,
    );
    await expect(h.runtime.run(h.stop.signal)).rejects.toSatisfy(isRuntimeStartedError);
    await h.shutdown();
  });
});

describe('dependencies()', () => {
  it('lists output edges then input edges, with inspect.ControllerDependencyEdge field names', () => {
    const { runtime } = harness();
    runtime.register(
      new FnController({
        name: 'network.AddressSpecController',
        inputs: [
          { namespace: 'network', type: 'AddressSpecs.net.talos.dev', kind: 'strong' },
          { namespace: 'network', type: 'AddressStatuses.net.talos.dev', kind: 'destroyReady' },
        ],
        outputs: [{ type: 'AddressStatuses.net.talos.dev', kind: 'exclusive' }],
      }),
    );
    runtime.register(
      new FnController({
        name: 'config.MachineTypeController',
        inputs: [
          { namespace: 'config', type: 'MachineConfigs.config.talos.dev', id: 'v1alpha1', kind: 'weak' },
        ],
        outputs: [{ type: 'MachineTypes.config.talos.dev', kind: 'shared', namespace: 'config' }],
      }),
    );
    expect(runtime.dependencies()).toEqual({
      edges: [
        {
          controller_name: 'network.AddressSpecController',
          edge_type: 'OUTPUT_EXCLUSIVE',
          resource_namespace: '',
          resource_type: 'AddressStatuses.net.talos.dev',
          resource_id: '',
        },
        {
          controller_name: 'config.MachineTypeController',
          edge_type: 'OUTPUT_SHARED',
          resource_namespace: 'config',
          resource_type: 'MachineTypes.config.talos.dev',
          resource_id: '',
        },
        {
          controller_name: 'config.MachineTypeController',
          edge_type: 'INPUT_WEAK',
          resource_namespace: 'config',
          resource_type: 'MachineConfigs.config.talos.dev',
          resource_id: 'v1alpha1',
        },
        {
          controller_name: 'network.AddressSpecController',
          edge_type: 'INPUT_STRONG',
          resource_namespace: 'network',
          resource_type: 'AddressSpecs.net.talos.dev',
          resource_id: '',
        },
        {
          controller_name: 'network.AddressSpecController',
          edge_type: 'INPUT_DESTROY_READY',
          resource_namespace: 'network',
          resource_type: 'AddressStatuses.net.talos.dev',
          resource_id: '',
        },
      ],
    });
  });

  it('uses only the edge types inspect.DependencyEdgeType defines', async () => {
    const { readFile } = await import('node:fs/promises');
    const proto = await readFile(new URL('../../../proto/inspect/inspect.proto', import.meta.url), 'utf8');
    const defined = new Set([...proto.matchAll(/^\s+([A-Z_]+) = \d+;/gm)].map((m) => m[1]));
    const { runtime } = harness();
    runtime.register(
      new FnController({
        name: 'c',
        inputs: (['weak', 'strong', 'destroyReady'] as const).map((kind, i) => ({
          namespace: 'n',
          type: `T${i}`,
          kind,
        })),
        outputs: [
          { type: 'O1', kind: 'exclusive' },
          { type: 'O2', kind: 'shared' },
        ],
      }),
    );
    const used = runtime.dependencies().edges.map((e) => e.edge_type);
    expect(new Set(used).size).toBe(5);
    for (const t of used) expect(defined.has(t)).toBe(true);
  });
});
