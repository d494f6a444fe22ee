import { describe, expect, it } from 'vitest';
import { Supervisor } from '../../../src/system/supervisor';
import { UnknownServiceError, type ServiceState } from '../../../src/system/service';
import { context, FakeRunner, manualCondition, messages, service, waitFor } from './helpers';

const stateOf = (s: Supervisor, id: string): ServiceState | undefined => s.info(id)?.state;

describe('Supervisor: one service through its states', () => {
  it('records Talos’s events from Starting to Finished, and runs pre and post', async () => {
    const ctx = context();
    const sup = new Supervisor(ctx);
    const runner = new FakeRunner('one');
    const cond = manualCondition('one to be ready');
    const calls: string[] = [];
    sup.load(
      service('one', {
        runner,
        condition: () => cond.condition,
        pre: async () => void calls.push('pre'),
        post: async (_ctx, state) => void calls.push(`post ${state}`),
      }),
    );
    expect(stateOf(sup, 'one')).toBe('Initialized');
    await sup.start('one');
    await waitFor(() => stateOf(sup, 'one') === 'Waiting', 'Waiting');
    expect(calls).toEqual([]);
    cond.satisfy();
    await waitFor(() => stateOf(sup, 'one') === 'Running', 'Running');
    expect(sup.isRunning('one')).toBe(true);
    runner.finish();
    await waitFor(() => stateOf(sup, 'one') === 'Finished', 'Finished');
    expect(messages(sup.info('one')!.events)).toEqual([
      'Starting: Starting service',
      'Waiting: Waiting for one to be ready',
      'Preparing: Running pre state',
      'Preparing: Creating service runner',
      'Running: Fake("one") started',
      'Finished: Service finished successfully',
    ]);
    expect(calls).toEqual(['pre', 'post Running']);
    expect(sup.isRunning('one')).toBe(false);
    expect(ctx.machinedLog()).toContain('[talos] service[one](Running): Fake("one") started\n');
  });

  it('fails with Talos’s wrapped messages', async () => {
    const sup = new Supervisor(context());
    const runner = new FakeRunner('bad');
    sup.load(
      service('bad', { runner }),
      service('pre', {
        pre: async () => {
          throw new Error('no disk');
        },
      }),
      service('factory', {
        runner: async () => {
          throw new Error('no binary');
        },
      }),
    );
    await sup.startAll();
    await waitFor(() => runner.active, 'bad running');
    runner.finish(new Error('exit status 3'));
    await waitFor(() => sup.list().every((i) => i.state === 'Failed'), 'all failed');
    const last = (id: string) => sup.info(id)!.events.at(-1)!.message;
    expect(last('bad')).toBe('Failed running service: error running service: exit status 3');
    expect(last('pre')).toBe('Failed to run pre stage: no disk');
    expect(last('factory')).toBe('Failed to create runner: no binary');
  });

  it('skips a service without a runner (post still runs) and counts it as up for its dependents', async () => {
    const sup = new Supervisor(context());
    const posts: ServiceState[] = [];
    sup.load(
      service('skipped', { runner: async () => undefined, post: async (_c, s) => void posts.push(s) }),
      service('after', { dependsOn: ['skipped'] }),
    );
    await sup.startAll();
    await waitFor(() => stateOf(sup, 'after') === 'Running', 'after running');
    expect(messages(sup.info('skipped')!.events).at(-1)).toBe('Skipped: Service skipped');
    expect(posts).toEqual(['Preparing']);
  });

  it('treats a stop while waiting as a clean finish', async () => {
    const sup = new Supervisor(context());
    sup.load(service('w', { condition: () => manualCondition('never').condition }));
    await sup.start('w');
    await waitFor(() => stateOf(sup, 'w') === 'Waiting', 'Waiting');
    await sup.stop('w');
    expect(messages(sup.info('w')!.events).at(-1)).toBe('Finished: Service finished successfully');
  });
});

describe('Supervisor: dependencies', () => {
  it('waits for a dependency to be running and healthy', async () => {
    const sup = new Supervisor(context(), { waitCheckIntervalMs: 10 });
    let healthy = false;
    sup.load(
      service('db', {
        health: {
          settings: { initialDelayMs: 0, periodMs: 10, timeoutMs: 100 },
          check: async () => {
            if (!healthy) throw new Error('not yet');
          },
        },
      }),
      service('app', { dependsOn: ['db'] }),
    );
    await sup.startAll(['app', 'db']);
    await waitFor(() => stateOf(sup, 'db') === 'Running', 'db running');
    await waitFor(() => sup.info('db')!.health.unknown === false, 'db checked');
    expect(stateOf(sup, 'app')).toBe('Waiting');
    expect(sup.info('app')!.events.at(-1)!.message).toBe('Waiting for service "db" to be "up"');
    healthy = true;
    await waitFor(() => stateOf(sup, 'app') === 'Running', 'app running');
  });

  it('describes all it waits for, then only what is still pending', async () => {
    const sup = new Supervisor(context(), { waitCheckIntervalMs: 10 });
    const dbRunner = new FakeRunner('db');
    const cond = manualCondition('etcd secrets to be ready');
    sup.load(
      service('app', { dependsOn: ['db'], condition: () => cond.condition }),
      service('db', { runner: dbRunner, condition: () => manualCondition('never').condition }),
    );
    await sup.start('app');
    await waitFor(() => stateOf(sup, 'app') === 'Waiting', 'app waiting');
    expect(sup.info('app')!.events.at(-1)!.message).toBe(
      'Waiting for service "db" to be "up", etcd secrets to be ready',
    );
    cond.satisfy();
    await waitFor(
      () => sup.info('app')!.events.at(-1)!.message === 'Waiting for service "db" to be "up"',
      'description narrowed',
    );
    expect(stateOf(sup, 'app')).toBe('Waiting');
  });

  it('waits for a dependency that is not loaded yet to be registered', async () => {
    const sup = new Supervisor(context());
    sup.load(service('app', { dependsOn: ['late'] }));
    await sup.start('app');
    expect(sup.info('app')!.events.at(-1)!.message).toBe('Waiting for service "late" to be registered');
    sup.load(service('late'));
    await sup.start('late');
    await waitFor(() => stateOf(sup, 'app') === 'Running', 'app running');
  });
});

describe('Supervisor: health', () => {
  it('records each change of health while running as an event', async () => {
    const sup = new Supervisor(context());
    let healthy = true;
    sup.load(
      service('h', {
        health: {
          settings: { initialDelayMs: 0, periodMs: 10, timeoutMs: 100 },
          check: async () => {
            if (!healthy) throw new Error('port closed');
          },
        },
      }),
    );
    await sup.start('h');
    await waitFor(() => sup.info('h')!.health.healthy, 'healthy');
    healthy = false;
    await waitFor(() => !sup.info('h')!.health.healthy, 'unhealthy');
    healthy = true;
    await waitFor(() => sup.info('h')!.health.healthy, 'healthy again');
    const health = sup.info('h')!.events.filter((e) => e.message.startsWith('Health'));
    expect(health.map((e) => e.message)).toEqual([
      'Health check successful',
      'Health check failed: port closed',
      'Health check successful',
    ]);
    expect(health.every((e) => e.state === 'Running')).toBe(true);
    expect(health[1]!.health).toMatchObject({ unknown: false, healthy: false, lastMessage: 'port closed' });
    // Running again: no new event for the same health.
    await new Promise((r) => setTimeout(r, 50));
    expect(sup.info('h')!.events.filter((e) => e.message.startsWith('Health'))).toHaveLength(3);
  });

  it('reports unknown health for a service without a check', async () => {
    const sup = new Supervisor(context());
    sup.load(service('plain'));
    await sup.start('plain');
    expect(sup.info('plain')!.health).toMatchObject({ unknown: true, healthy: false, lastMessage: '' });
  });
});

describe('Supervisor: stop, restart, the API limits', () => {
  it('stops everything in reverse dependency order', async () => {
    const sup = new Supervisor(context());
    const order: string[] = [];
    const slowStop = (id: string) => async () => {
      await new Promise((r) => setTimeout(r, 30));
      order.push(id);
    };
    sup.load(
      service('a', { runner: new FakeRunner('a', slowStop('a')) }),
      service('c', { dependsOn: ['b'], runner: new FakeRunner('c', slowStop('c')) }),
      service('b', { dependsOn: ['a'], runner: new FakeRunner('b', slowStop('b')) }),
      service('solo', { runner: new FakeRunner('solo', slowStop('solo')) }),
    );
    await sup.startAll();
    await waitFor(() => sup.list().every((i) => i.state === 'Running'), 'all running');
    await sup.stopAll();
    expect(order.filter((id) => id !== 'solo')).toEqual(['c', 'b', 'a']);
    expect(order).toHaveLength(4);
    expect(sup.list().map((i) => i.state)).toEqual(['Finished', 'Finished', 'Finished', 'Finished']);
    // Nothing starts once everything is stopped.
    await sup.start('a');
    expect(sup.isRunning('a')).toBe(false);
  });

  it('stops one service without its dependents, and restarts it', async () => {
    const sup = new Supervisor(context());
    const runner = new FakeRunner('a');
    sup.load(service('a', { runner }), service('b', { dependsOn: ['a'] }));
    await sup.startAll();
    await waitFor(() => stateOf(sup, 'b') === 'Running', 'b running');
    await sup.stop('a');
    expect(stateOf(sup, 'a')).toBe('Finished');
    expect(stateOf(sup, 'b')).toBe('Running');
    await sup.restart('a');
    await waitFor(() => stateOf(sup, 'a') === 'Running', 'a running again');
    expect(runner.runs).toBe(2);
    await sup.restart('a');
    expect(runner.runs).toBe(3);
    expect(runner.stops).toBe(2);
  });

  it('answers the API limits and refuses unknown ids', async () => {
    const sup = new Supervisor(context());
    sup.load(service('k', { apiRestartAllowed: true, apiStopAllowed: true }));
    expect(sup.apiAllowed('k', 'restart')).toBe(true);
    expect(sup.apiAllowed('k', 'stop')).toBe(true);
    expect(sup.apiAllowed('k', 'start')).toBe(false);
    await expect(sup.start('nope')).rejects.toBeInstanceOf(UnknownServiceError);
    await expect(sup.stop('nope')).rejects.toThrow('service "nope" not found');
    expect(sup.info('nope')).toBeUndefined();
  });

  it('streams state changes to subscribers until they unsubscribe', async () => {
    const sup = new Supervisor(context());
    const runner = new FakeRunner('s');
    sup.load(service('s', { runner }));
    const seen: string[] = [];
    const unsubscribe = sup.subscribe((c) => seen.push(`${c.service} ${c.event.state}`));
    await sup.start('s');
    await waitFor(() => stateOf(sup, 's') === 'Running', 'running');
    unsubscribe();
    runner.finish();
    await waitFor(() => stateOf(sup, 's') === 'Finished', 'finished');
    expect(seen).toEqual(['s Starting', 's Preparing', 's Preparing', 's Running']);
  });

  it('unloads a service: stopped and no longer listed', async () => {
    const sup = new Supervisor(context());
    sup.load(service('u'), service('v'));
    await sup.startAll();
    await sup.unload('u', 'missing');
    expect(sup.list().map((i) => i.id)).toEqual(['v']);
  });
});
