import { describe, expect, it } from 'vitest';
import { apiSchema } from '../../../src/grpc/api-schema';
import { findResourceDefinition } from '../../../src/resources/registry';
import { ServiceDefinition, type ServiceSpec } from '../../../src/resources/v1alpha1/service';
import { isNotFoundError } from '../../../src/state';
import { SERVICE_RESOURCE_OWNER } from '../../../src/system/service-resources';
import { Supervisor } from '../../../src/system/supervisor';
import { context, FakeRunner, service, waitFor } from './helpers';

const pointer = (id: string) => ({ namespace: 'runtime', type: 'Services.v1alpha1.talos.dev', id });

describe('Services.v1alpha1.talos.dev', () => {
  it('mirrors a running service, its health, and removes it when it stops', async () => {
    const ctx = context();
    const sup = new Supervisor(ctx);
    let healthy = false;
    const runner = new FakeRunner('plain');
    sup.load(
      service('plain', { runner }),
      service('checked', {
        health: {
          settings: { initialDelayMs: 0, periodMs: 10, timeoutMs: 100 },
          check: async () => {
            if (!healthy) throw new Error('down');
          },
        },
      }),
    );
    await sup.startAll();
    await waitFor(() => sup.list().every((i) => i.state === 'Running'), 'running');
    await sup.settled();
    const plain = await ctx.state.get<ServiceSpec>(pointer('plain'));
    expect(plain.spec).toEqual({ running: true, healthy: false, unknown: true });
    expect(plain.metadata.owner).toBe(SERVICE_RESOURCE_OWNER);

    await waitFor(async () => {
      await sup.settled();
      const r = await ctx.state.get<ServiceSpec>(pointer('checked'));
      return !r.spec.unknown && !r.spec.healthy;
    }, 'checked unhealthy');
    healthy = true;
    await waitFor(async () => {
      await sup.settled();
      return (await ctx.state.get<ServiceSpec>(pointer('checked'))).spec.healthy;
    }, 'checked healthy');
    expect((await ctx.state.get<ServiceSpec>(pointer('checked'))).spec).toEqual({
      running: true,
      healthy: true,
      unknown: false,
    });

    runner.finish();
    await waitFor(() => sup.info('plain')!.state === 'Finished', 'plain finished');
    await sup.settled();
    await expect(ctx.state.get(pointer('plain'))).rejects.toSatisfy(isNotFoundError);

    await sup.stopAll();
    expect(await ctx.state.list({ namespace: 'runtime', type: ServiceDefinition.type })).toEqual([]);
  });

  it('is registered and encodes as Talos’s ServiceSpec', () => {
    expect(findResourceDefinition('Services.v1alpha1.talos.dev')).toBe(ServiceDefinition);
    expect(ServiceDefinition.aliases).toEqual(['svc']);
    const codec = apiSchema().codec(ServiceDefinition.protoSpec ?? '');
    const spec: ServiceSpec = { running: true, healthy: false, unknown: true };
    expect(codec.decode(codec.encode({ ...spec }))).toMatchObject({ running: true, unknown: true });
  });
});
