// `talosctl time` against a real agent, over gRPC: the config's `machine.time.servers` names Debian's
// chronyd on loopback (never setting the host's clock); Time answers with it, TimeCheck asks the server
// it is given; an unreachable server is a clear error within the query timeout, never a hang; the
// servers reach TimeServerStatus, and TimeStatus says the host owns the clock (container platform).
import { status } from '@grpc/grpc-js';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { startChrony, startSilentServer, freeUdpPort, type RunningChrony } from '../harness/chrony';
import { grpcCode, type TestClient } from '../harness/client';
import { applyAndConnect, generateConfig } from '../harness/configured';
import { eventually } from '../harness/eventually';

const ADDRESS = '127.0.0.91';
const TIME_SERVER_ADDRESS = '127.0.0.92';

interface TimeAnswer {
  messages: {
    server: string;
    localtime: { seconds: string; nanos: number };
    remotetime: { seconds: string; nanos: number };
  }[];
}
const ms = (t: { seconds: string; nanos: number }): number => Number(t.seconds) * 1000 + t.nanos / 1e6;

describe('time API and time status', () => {
  let stateDir: string;
  let genDir: string;
  let agent: Agent;
  let admin: TestClient;
  let chrony: RunningChrony;
  let silent: { server: string; stop(): Promise<void> };

  beforeAll(async () => {
    chrony = await startChrony(TIME_SERVER_ADDRESS, { stratum: 8 });
    silent = await startSilentServer(TIME_SERVER_ADDRESS);
    stateDir = await makeStateDir();
    genDir = await makeStateDir();
    const gen = generateConfig(genDir, 'time', ADDRESS);
    const config = gen.controlPlane
      .toString()
      .replace(
        '    type: controlplane\n',
        `    type: controlplane\n    time:\n        servers:\n            - ${chrony.server}\n`,
      );
    agent = startAgent(ADDRESS, stateDir);
    await agent.waitReady();
    admin = await applyAndConnect(ADDRESS, Buffer.from(config), gen.adminTLS);
  }, 60_000);

  afterAll(async () => {
    admin?.close();
    await agent?.stop();
    await chrony?.stop();
    await silent?.stop();
    await removeDir(stateDir);
    await removeDir(genDir);
  });

  const yamlSpec = async (namespace: string, type: string, id: string) =>
    parse(
      (
        await admin.unary<{ resource: { spec: { yaml_spec: string } } }>('/cosi.resource.State/Get', {
          namespace,
          type,
          id,
        })
      ).resource.spec.yaml_spec,
    ) as Record<string, unknown>;

  it('Time asks the configured server', async () => {
    const before = Date.now();
    const r = await admin.unary<TimeAnswer>('/time.TimeService/Time', {});
    const after = Date.now();
    expect(r.messages).toHaveLength(1);
    const m = r.messages[0]!;
    expect(m.server).toBe(chrony.server);
    for (const t of [ms(m.remotetime), ms(m.localtime)]) {
      expect(t).toBeGreaterThanOrEqual(before - 1000);
      expect(t).toBeLessThanOrEqual(after + 1000);
    }
  });

  it('TimeCheck asks the server it is given; a bad one is a clear error, never a hang', async () => {
    const r = await admin.unary<TimeAnswer>('/time.TimeService/TimeCheck', { server: chrony.server });
    expect(r.messages[0]!.server).toBe(chrony.server);

    const closed = `${TIME_SERVER_ADDRESS}:${await freeUdpPort(TIME_SERVER_ADDRESS)}`;
    const refused = await admin
      .unary('/time.TimeService/TimeCheck', { server: closed })
      .catch((e: unknown) => e);
    expect(grpcCode(refused)).toBe(status.UNKNOWN);
    expect((refused as { details: string }).details).toBe(
      `error querying NTP server "${closed}": read udp ${closed}: connection refused`,
    );

    const started = Date.now();
    const timedOut = await admin
      .unary('/time.TimeService/TimeCheck', { server: silent.server })
      .catch((e: unknown) => e);
    expect(grpcCode(timedOut)).toBe(status.UNKNOWN);
    expect((timedOut as { details: string }).details).toContain('i/o timeout');
    expect(Date.now() - started).toBeLessThan(15_000);

    const empty = await admin.unary('/time.TimeService/TimeCheck', { server: '' }).catch((e: unknown) => e);
    expect(grpcCode(empty)).toBe(status.INVALID_ARGUMENT);
    expect((empty as { details: string }).details).toBe('ntp server is required');
  }, 30_000);

  it('get timeservers and timestatus', async () => {
    await eventually(async () =>
      expect(await yamlSpec('network', 'TimeServerStatuses.net.talos.dev', 'timeservers')).toEqual({
        timeServers: [chrony.server],
      }),
    );
    expect(await yamlSpec('runtime', 'TimeStatuses.v1alpha1.talos.dev', 'node')).toEqual({
      synced: true,
      epoch: 0,
      syncDisabled: true,
    });
  });
});
