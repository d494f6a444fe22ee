// Reset and reboot on the container platform through the sequencer: leave etcd only when graceful on a
// control plane, stop everything, wipe the asked labels (all when none named), then a new boot (the
// boot's id and event history renewed, the config loaded, the services started); the events carry
// Talos's sequence, phase and task names under the actor id.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ContainerLifecycle } from '../../../../src/apps/machined/container-lifecycle';
import { resetPlan, wipeLabels, type ResetRequest } from '../../../../src/apps/machined/reset';
import { EventStream, type EventPublisher, type RuntimeEvent } from '../../../../src/events/event-stream';
import { Sequencer } from '../../../../src/sequencer/sequencer';

let root: string;
afterEach(() => rm(root, { recursive: true, force: true }));

interface Run {
  calls: string[];
  left: string[];
  events: RuntimeEvent[];
}

async function lifecycle(controlPlane: boolean, act: (l: ContainerLifecycle) => Promise<void>): Promise<Run> {
  root = await mkdtemp(join(tmpdir(), 'reset-'));
  await mkdir(join(root, 'var/lib/etcd'), { recursive: true });
  await mkdir(join(root, 'etc/kubernetes/manifests'), { recursive: true });
  await writeFile(join(root, 'config.yaml'), 'x');
  const calls: string[] = [];
  const events = new EventStream();
  const seen: RuntimeEvent[] = [];
  const record = (name: string) => (): Promise<void> => {
    calls.push(name);
    return Promise.resolve();
  };
  // every event, the ones before the new boot's restart() too
  const publish: EventPublisher = (type, payload, actor) => {
    events.publish(type, payload, actor);
    seen.push({ id: '', actorId: actor ?? '', typeName: type, payload, time: 0 });
  };
  const l = new ContainerLifecycle(new Sequencer(publish, pino({ level: 'silent' })), {
    rootDir: root,
    publish,
    isControlPlane: () => controlPlane,
    leaveEtcd: record('leave'),
    stopAllServices: record('stop'),
    wipeState: record('state'),
    forgetBoot: () => {
      calls.push('forget');
      events.restart();
      return Promise.resolve();
    },
    loadConfig: record('load'),
    startAllServices: record('start'),
    log: () => undefined,
    downtimeMs: 0,
  });
  await act(l);
  const left = (await readdir(root)).sort();
  if (left.includes('etc')) left.push(...(await readdir(join(root, 'etc'))).map((f) => `etc/${f}`));
  return { calls, left, events: seen };
}

const names = (events: RuntimeEvent[], type: string) =>
  events
    .filter(
      (e) => e.typeName === `machine.${type}` && e.payload['action'] === (type === 'SequenceEvent' ? 1 : 0),
    )
    .map((e) => String(e.payload['sequence'] ?? e.payload['phase'] ?? e.payload['task']));

describe('reset on the container platform', () => {
  it('gracefully on a control plane: leave, stop, wipe everything, a new boot', async () => {
    const r = await lifecycle(true, (l) => l.reset({ graceful: true, reboot: true }, 'actor'));
    expect(r.calls).toEqual(['leave', 'stop', 'state', 'forget', 'load', 'start']);
    expect(r.left).toEqual(['config.yaml', 'etc']); // config.yaml: STATE is wiped by the wipeState step
    expect(names(r.events, 'SequenceEvent')).toEqual(['reset', 'boot']);
    expect(names(r.events, 'TaskEvent')).toEqual([
      'leaveEtcd',
      'stopAllServices',
      'resetSystemDisk',
      'reboot',
      'loadConfig',
      'startAllServices',
    ]);
    const reset = r.events.filter(
      (e) => e.payload['sequence'] === 'reset' || e.typeName !== 'machine.SequenceEvent',
    );
    expect(
      reset.filter((e) => e.payload['task'] === 'stopAllServices').every((e) => e.actorId === 'actor'),
    ).toBe(true);
    expect(r.events.find((e) => e.typeName === 'machine.RestartEvent')?.payload).toEqual({ cmd: 0x01234567 });
  });

  it('does not leave etcd when not graceful, or on a worker; without reboot it ends in shutdown', async () => {
    const notGraceful = await lifecycle(true, (l) => l.reset({ graceful: false }, 'a'));
    expect(notGraceful.calls).toEqual(['stop', 'state', 'forget', 'load', 'start']);
    expect(names(notGraceful.events, 'PhaseEvent')).toEqual([
      'stopEverything',
      'reset',
      'shutdown',
      'config',
      'startEverything',
    ]);
    expect(notGraceful.events.find((e) => e.typeName === 'machine.RestartEvent')?.payload).toEqual({
      cmd: 0x4321fedc,
    });
    await rm(root, { recursive: true, force: true });
    expect((await lifecycle(false, (l) => l.reset({ graceful: true }, 'a'))).calls).toEqual([
      'stop',
      'state',
      'forget',
      'load',
      'start',
    ]);
  });

  it('wipes only the labels named', async () => {
    const req: ResetRequest = {
      graceful: false,
      system_partitions_to_wipe: [{ label: 'EPHEMERAL', wipe: true }],
    };
    const r = await lifecycle(true, (l) => l.reset(req, 'a'));
    expect(r.calls).toEqual(['stop', 'forget', 'load', 'start']);
    expect(r.left).toEqual(['config.yaml', 'etc']);
    expect(names(r.events, 'TaskEvent')).toContain('resetSystemDiskSpec');
    expect(wipeLabels({ system_partitions_to_wipe: [{ label: 'STATE', wipe: true }] })).toEqual({
      state: true,
      ephemeral: false,
    });
    // A label without `wipe` is not a target (talosctl always sets it).
    expect(wipeLabels({ system_partitions_to_wipe: [{ label: 'STATE' }] })).toEqual({
      state: false,
      ephemeral: false,
    });
    expect(resetPlan({ mode: 'USER_DISKS' }, true).systemDisk).toBe('none');
  });
});

describe('reboot on the container platform', () => {
  it('stops everything, then a new boot with the config kept; nothing is wiped', async () => {
    const r = await lifecycle(true, (l) => l.reboot('r'));
    expect(r.calls).toEqual(['stop', 'forget', 'load', 'start']);
    expect(r.left).toEqual(['config.yaml', 'etc', 'var', 'etc/kubernetes']);
    expect(names(r.events, 'SequenceEvent')).toEqual(['reboot', 'boot']);
    expect(names(r.events, 'TaskEvent')).toEqual([
      'stopAllServices',
      'reboot',
      'loadConfig',
      'startAllServices',
    ]);
  });
});
