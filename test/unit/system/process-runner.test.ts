import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogSources } from '../../../src/system/logs';
import { ProcessRunner } from '../../../src/system/process-runner';
import { RestartRunner } from '../../../src/system/restart-runner';
import type { ServiceState } from '../../../src/system/service';
import { Supervisor } from '../../../src/system/supervisor';
import { context, scratchDir, service, waitFor } from './helpers';

const text = (logs: LogSources, id: string): string => Buffer.concat(logs.source(id).tail()).toString();
const tmp = (): string => scratchDir('talos-ts-proc-');

describe('ProcessRunner', () => {
  it('captures output line by line, into the log source and the log file, and fails with the exit status', async () => {
    const logs = new LogSources();
    const logFile = join(tmp(), 'var/log/svc.log');
    const r = new ProcessRunner({
      id: 'svc',
      args: ['/bin/sh', '-c', 'echo hi; printf "part"; sleep 0.05; echo ial; exit 3'],
      logs,
      logFile,
    });
    expect(r.describe()).toBe(
      'Process(["/bin/sh" "-c" "echo hi; printf \\"part\\"; sleep 0.05; echo ial; exit 3"])',
    );
    let running = '';
    await expect(r.run((m) => (running = m ?? ''))).rejects.toThrow(
      'exit status 3 (last log "hi\\npartial")',
    );
    expect(running).toMatch(/^Process Process\(\["\/bin\/sh" "-c" .*\]\) started with PID \d+$/);
    expect(text(logs, 'svc')).toBe('hi\npartial\n');
    expect(readFileSync(logFile, 'utf8')).toBe('hi\npartial\n');
    expect(r.pid).toBeUndefined();
  });

  it('resolves on a clean exit, with the environment and working directory given', async () => {
    const logs = new LogSources();
    const cwd = tmp();
    const r = new ProcessRunner({
      id: 'env',
      args: ['/bin/sh', '-c', 'echo "$FOO"; pwd'],
      env: { FOO: 'bar' },
      cwd,
      logs,
    });
    await r.run(() => undefined);
    expect(text(logs, 'env')).toBe(`bar\n${cwd}\n`);
  });

  it('reports a missing executable', async () => {
    const r = new ProcessRunner({ id: 'x', args: ['/nonexistent/bin'], logs: new LogSources() });
    await expect(r.run(() => undefined)).rejects.toThrow(
      'error starting process: spawn /nonexistent/bin ENOENT',
    );
  });

  it('stops with SIGTERM when that is enough', async () => {
    const events: string[] = [];
    const r = new ProcessRunner({
      id: 's',
      args: ['/bin/sleep', '30'],
      logs: new LogSources(),
      graceMs: 5_000,
    });
    const run = r.run(
      () => undefined,
      (s: ServiceState, m: string) => events.push(`${s}: ${m}`),
    );
    await waitFor(() => r.pid !== undefined, 'pid');
    const started = Date.now();
    await r.stop();
    await run;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(events).toEqual(['Stopping: Sending SIGTERM to Process(["/bin/sleep" "30"])']);
    expect(r.pid).toBeUndefined();
  });

  it('escalates to SIGKILL after the grace period', async () => {
    const logs = new LogSources();
    const events: string[] = [];
    const r = new ProcessRunner({
      id: 'stubborn',
      args: ['/bin/sh', '-c', "trap '' TERM; echo ready; while :; do :; done"],
      logs,
      graceMs: 150,
    });
    const run = r.run(
      () => undefined,
      (s: ServiceState, m: string) => events.push(`${s}: ${m}`),
    );
    await waitFor(() => text(logs, 'stubborn').includes('ready'), 'trap installed');
    const started = Date.now();
    await r.stop();
    await run;
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(events.map((e) => e.split(' to ')[0])).toEqual([
      'Stopping: Sending SIGTERM',
      'Stopping: Sending SIGKILL',
    ]);
  });

  it('applies the OOM score and the cgroup, and only warns when it cannot', async () => {
    const logs = new LogSources();
    const cgroup = join(tmp(), 'system/svc');
    const r = new ProcessRunner({ id: 'p', args: ['/bin/sleep', '30'], logs, oomScoreAdj: 500, cgroup });
    const run = r.run(() => undefined);
    await waitFor(() => r.pid !== undefined, 'pid');
    const pid = r.pid!;
    await waitFor(() => {
      try {
        return readFileSync(join(cgroup, 'cgroup.procs'), 'utf8') === String(pid);
      } catch {
        return false;
      }
    }, 'cgroup.procs');
    // the score is written after the process joins its cgroup
    await waitFor(() => readFileSync(`/proc/${pid}/oom_score_adj`, 'utf8').trim() === '500', 'oom_score_adj');
    await r.stop();
    await run;

    const denied = new ProcessRunner({
      id: 'q',
      args: ['/bin/sh', '-c', 'echo up'],
      logs,
      cgroup: '/proc/none/x',
    });
    await denied.run(() => undefined);
    expect(text(logs, 'q').split('\n').sort()).toEqual([
      '',
      expect.stringMatching(
        /^\[talos\] warning: failed to move process \d+ to cgroup \/proc\/none\/x: ENOENT/,
      ),
      'up',
    ]);
  });

  it('runs under the supervisor with a restart policy', async () => {
    const ctx = context();
    const sup = new Supervisor(ctx);
    sup.load(
      service('crashy', {
        runner: async () =>
          new RestartRunner(
            new ProcessRunner({ id: 'crashy', args: ['/bin/sh', '-c', 'echo run; exit 1'], logs: ctx.logs }),
            { restartIntervalMs: 20 },
          ),
      }),
    );
    await sup.start('crashy');
    await waitFor(() => text(ctx.logs, 'crashy') === 'run\nrun\nrun\n' || undefined, 'three runs', 5_000);
    await sup.stopAll();
    const msgs = sup.info('crashy')!.events.map((e) => e.message);
    expect(msgs).toContain(
      'Error running Process(["/bin/sh" "-c" "echo run; exit 1"]), going to restart forever: exit status 1 (last log "run")',
    );
    expect(msgs.at(-1)).toBe('Service finished successfully');
  });
});
