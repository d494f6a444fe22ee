// The process survives what nobody caught, or stops in order: an agent in container mode, with a test
// fixture loaded beside it (`node --import test/fixtures/faults/inject.mjs`), is made to leave a
// rejected promise unhandled — logged with its origin, the agent goes on answering — and then to throw
// from a timer callback — logged with its origin, the services stopped, exit status 70 with the reason.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_FAULT } from '../../src/process-faults';
import { makeStateDir, REPO, removeDir, startAgent, type Agent } from '../harness/agent';
import { TestClient } from '../harness/client';
import { eventually } from '../harness/eventually';

const ADDRESS = '127.0.0.71';
const INJECT = resolve(REPO, 'test/fixtures/faults/inject.mjs');

describe('faults nobody caught (container platform)', () => {
  let stateDir: string;
  let faults: string;
  let agent: Agent;

  beforeAll(async () => {
    stateDir = await makeStateDir();
    faults = mkdtempSync(join(tmpdir(), 'talos-ts-faults-'));
    agent = startAgent(ADDRESS, stateDir, {
      nodeArgs: ['--import', INJECT],
      env: { TALOS_TS_FAULT_DIR: faults },
    });
    await agent.waitReady();
  });

  afterAll(async () => {
    await agent?.stop();
    if (stateDir) await removeDir(stateDir);
    if (faults) rmSync(faults, { recursive: true, force: true });
  });

  const version = async (): Promise<string> => {
    const c = new TestClient(ADDRESS);
    try {
      const r = await c.unary<{ messages: { version: { tag: string } }[] }>(
        '/machine.MachineService/Version',
        {},
      );
      return r.messages[0]!.version.tag;
    } finally {
      c.close();
    }
  };

  it('logs an unhandled rejection with its origin and goes on', async () => {
    writeFileSync(join(faults, 'reject'), '');
    const line = await eventually(async () => {
      const l = agent
        .output()
        .split('\n')
        .find((x) => x.includes('unhandled promise rejection'));
      if (!l) throw new Error('not logged yet');
      return l;
    });
    expect(line).toContain('unhandled promise rejection (the process goes on)');
    expect(line).toContain('"origin":"unhandledRejection"');
    expect(line).toContain('"error":"Error: injected rejection"');
    expect(line).toContain('inject.mjs'); // the stack names where it came from
    expect(await version()).toBe('v1.13.9');
  });

  it('stops in order on an uncaught exception and exits non-zero with the reason', async () => {
    writeFileSync(join(faults, 'throw'), '');
    expect(await agent.exit).toBe(EXIT_FAULT);
    const out = agent.output();
    const line = out.split('\n').find((x) => x.includes('uncaught exception: the agent stops'));
    expect(line).toContain('"origin":"uncaughtException"');
    expect(line).toContain('"error":"Error: injected fault"');
    expect(line).toContain('injectedFault'); // the function that threw, from the stack
    expect(out).toContain('fatal: uncaught exception: Error: injected fault');
    // the orderly stop ran: services stopped, machined said so, after the fault
    expect(out.indexOf('machined stopped')).toBeGreaterThan(
      out.indexOf('uncaught exception: the agent stops'),
    );
  });
});
