// Resources as the COSI API carries them: a live resource has both forms of its spec; the tombstone a
// watch of one missing resource starts with has none (as COSI sends it), whatever the type's encoder
// would make of a spec.
import { describe, expect, it } from 'vitest';
import { apiSchema } from '../../../src/grpc/api-schema';
import { encodeResource } from '../../../src/grpc/resource-codec';
import { ProbeSpecDefinition, type ProbeSpecSpec } from '../../../src/resources/network/probe-spec';
import { findResourceDefinition } from '../../../src/resources/registry';
import { MemoryState, type WatchEvent } from '../../../src/state';

// as the resource API looks it up
const definition = findResourceDefinition(ProbeSpecDefinition.type);
const encode = (type: string, value: Record<string, unknown>) => apiSchema().encode(type, value);
const ptr = { namespace: 'network', type: ProbeSpecDefinition.type, id: 'tcp:127.0.0.1:53' };
const spec: ProbeSpecSpec = {
  intervalMs: 2000,
  failureThreshold: 3,
  tcp: { endpoint: '127.0.0.1:53', timeoutMs: 5000 },
  layer: 'configuration',
};

async function firstEvent(state: MemoryState): Promise<WatchEvent> {
  const ac = new AbortController();
  for await (const e of state.watch(ptr, ac.signal)) {
    ac.abort();
    return e;
  }
  throw new Error('the watch ended without an event');
}

describe('encodeResource', () => {
  it('encodes the tombstone of a missing resource with an empty spec', async () => {
    const tombstone = await firstEvent(new MemoryState());
    expect(tombstone.type).toBe('destroyed');
    const msg = await encodeResource(tombstone.resource!, definition, encode);
    expect(msg.metadata).toMatchObject({ namespace: 'network', type: ptr.type, id: ptr.id });
    expect(msg.spec).toEqual({ yaml_spec: '', proto_spec: Buffer.alloc(0) });
  });

  it('encodes a live resource with its YAML and protobuf spec', async () => {
    const state = new MemoryState();
    await state.create({ ...ptr, spec });
    const live = await firstEvent(state);
    expect(live.type).toBe('created');
    const msg = await encodeResource(live.resource!, definition, encode);
    expect(msg.spec?.yaml_spec).toContain('endpoint: 127.0.0.1:53');
    expect(msg.spec?.proto_spec?.length).toBeGreaterThan(0);
  });
});
