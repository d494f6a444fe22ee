// Power cuts during applies: a configured agent takes 100 no-reboot applies, and at random moments
// (about one apply in four, at a random point of it) the agent and everything it started get SIGKILL.
// After each cut the config on disk must be the old or the new one, whole (never a torn file), an
// apply that was answered must not be lost, and the restarted agent must serve what is on disk.
// The counts are printed as one JSON line; POWER_CUT_SEED repeats a run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMachineConfig } from '../../src/config';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import type { TestClient } from '../harness/client';
import { applyAndConnect, connectAnswering, generateConfig } from '../harness/configured';
import { eventually } from '../harness/eventually';
import { seededRandom, seedFrom } from '../harness/seeded-random';

const ADDRESS = '127.0.0.72';
const APPLIES = 100;
const APPLY = '/machine.MachineService/ApplyConfiguration';

describe('power cuts during applies (SIGKILL to the agent and all it started)', () => {
  const dirs: string[] = [];
  let agent: Agent | undefined;
  let admin: TestClient | undefined;

  afterAll(async () => {
    admin?.close();
    await agent?.stop();
    for (const d of dirs) await removeDir(d);
  });

  it(
    `during ${APPLIES} applies every restart finds the old or the new config, whole`,
    async () => {
      const seed = seedFrom('POWER_CUT_SEED');
      const random = seededRandom(seed);
      const stateDir = await makeStateDir();
      const genDir = await makeStateDir();
      dirs.push(stateDir, genDir);
      const gen = generateConfig(genDir, 'cuts', ADDRESS);
      const file = join(stateDir, 'config.yaml');
      agent = startAgent(ADDRESS, stateDir);
      await agent.waitReady();
      admin = await applyAndConnect(ADDRESS, gen.controlPlane, gen.adminTLS);
      const base = gen.controlPlane.toString();
      const configOf = (n: number): Buffer =>
        Buffer.from(
          base.replace(
            /^( {4}apiServer:\n)/m,
            `$1        extraArgs:\n            audit-log-maxage: "${n}"\n`,
          ),
        );
      // what the agent writes for a config: its canonical form
      const onDiskFor = (config: Buffer): Buffer => parseMachineConfig(config).bytes();

      let current = await eventually(async () => {
        const b = readFileSync(file);
        if (!b.equals(onDiskFor(gen.controlPlane))) throw new Error('not persisted yet');
        return b;
      });
      const counts = {
        applies: APPLIES,
        cuts: 0,
        oldConfig: 0,
        newConfig: 0,
        torn: 0,
        answeredButLost: 0,
        leftTemporaries: 0,
      };
      const applyMs: number[] = [];
      for (let i = 1; i <= APPLIES; i++) {
        const next = configOf(i);
        const started = performance.now();
        const apply = admin.unary(APPLY, { data: next, mode: 'NO_REBOOT' }).then(
          () => 'answered' as const,
          (e: unknown) => e,
        );
        // the first applies, uncut, tell how long one takes; cuts then fall anywhere in twice that
        const cut = i > 5 && random() < 0.25;
        if (!cut) {
          expect(await apply).toBe('answered');
          applyMs.push(performance.now() - started);
          current = readFileSync(file);
          expect(current.equals(onDiskFor(next))).toBe(true);
          continue;
        }
        const window = 2 * Math.max(...applyMs.slice(0, 5));
        await new Promise((r) => setTimeout(r, random() * window));
        await agent.powerCut();
        counts.cuts++;
        const answered = (await apply) === 'answered';
        const onDisk = readFileSync(file);
        const isNew = onDisk.equals(onDiskFor(next));
        if (isNew) counts.newConfig++;
        else if (onDisk.equals(current)) counts.oldConfig++;
        else counts.torn++;
        if (answered && !isNew) counts.answeredButLost++;
        const temporaries = readdirSync(stateDir).filter((f) => /^config\.yaml\..*\.tmp$/.test(f));
        counts.leftTemporaries += temporaries.length;

        // the restart: configured from what is on disk, temporaries gone
        admin.close();
        agent = startAgent(ADDRESS, stateDir);
        await agent.waitReady();
        admin = await eventually(() => connectAnswering(ADDRESS, gen.adminTLS));
        const served = await admin.unary<{ resource: { spec: { yaml_spec: string } } }>(
          '/cosi.resource.State/Get',
          {
            namespace: 'config',
            type: 'MachineConfigs.config.talos.dev',
            id: 'v1alpha1',
          },
        );
        const want = isNew
          ? `audit-log-maxage: "${i}"`
          : i > 1
            ? `audit-log-maxage: "${i - 1}"`
            : 'apiServer:';
        expect(served.resource.spec.yaml_spec).toContain(want);
        expect(readdirSync(stateDir).filter((f) => /^config\.yaml\..*\.tmp$/.test(f))).toEqual([]);
        current = onDisk;
        // the next apply starts from what survived
        if (!isNew) i--;
      }
      console.log(JSON.stringify({ powerCuts: { ...counts, seed } }));
      expect(counts.torn).toBe(0);
      expect(counts.answeredButLost).toBe(0);
      expect(counts.cuts).toBeGreaterThan(5);
    },
    30 * 60_000,
  );
});
