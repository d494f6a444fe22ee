// The probe pipeline: TCPProbeConfig documents → per-layer ProbeSpecs → merged ProbeSpecs → ProbeStatuses
// from real TCP connects to loopback listeners this test opens (and a port nobody listens on).
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { ProbeController, probeTCP } from '../../../../controllers/network/probe';
import { ProbeConfigController } from '../../../../controllers/network/probe-config';
import { mergeProbeSpecs, ProbeMergeController } from '../../../../controllers/network/probe-merge';
import { parseMachineConfig } from '../../../../src/config';
import {
  MachineConfigDefinition,
  type MachineConfigSpec,
} from '../../../../src/resources/config/machine-config';
import { ProbeSpecDefinition, type ProbeSpecSpec } from '../../../../src/resources/network/probe-spec';
import { ProbeStatusDefinition, type ProbeStatusSpec } from '../../../../src/resources/network/probe-status';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

const WORKER = readFileSync(new URL('../../../fixtures/config/worker.yaml', import.meta.url), 'utf8');
const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: 'v1alpha1' };
const probeDoc = (name: string, endpoint: string, extra = '') =>
  `---\napiVersion: v1alpha1\nkind: TCPProbeConfig\nname: ${name}\nendpoint: ${endpoint}\n${extra}`;

let listener: Server;
let open: string;
let closed: string;

beforeAll(async () => {
  listener = createServer((s) => s.destroy()).listen(0, '127.0.0.1');
  await new Promise((r) => listener.once('listening', r));
  open = `127.0.0.1:${(listener.address() as AddressInfo).port}`;
  // a port that was just free: bound and closed again
  const spare = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => spare.once('listening', r));
  closed = `127.0.0.1:${(spare.address() as AddressInfo).port}`;
  await new Promise((r) => spare.close(r));
});
afterAll(() => new Promise((r) => listener.close(r)));

let h: Harness;
afterEach(() => h.shutdown());

function start(): Harness {
  h = harness();
  h.runtime.register(new ProbeConfigController());
  h.runtime.register(new ProbeMergeController());
  h.runtime.register(new ProbeController());
  h.start();
  return h;
}

const apply = (text: string) =>
  h.state.modify<MachineConfigSpec>(CONFIG, () => ({ config: parseMachineConfig(text) }));
const get = <T>(type: string, id: string) =>
  h.state.get<T>({ namespace: 'network', type, id }).catch(() => undefined);

describe('TCP probes', () => {
  it('turns TCPProbeConfig documents into ProbeSpecs with Talos defaults, and removes them with the documents', async () => {
    start();
    await apply(
      WORKER +
        probeDoc('up', open, 'interval: 250ms\nfailureThreshold: 2\ntimeout: 2s\n') +
        probeDoc('dflt', closed),
    );
    const up = await waitFor(() => get<ProbeSpecSpec>(ProbeSpecDefinition.type, `tcp:${open}`), 'spec');
    expect(up.spec).toEqual({
      intervalMs: 250,
      failureThreshold: 2,
      tcp: { endpoint: open, timeoutMs: 2000 },
      layer: 'configuration',
    });
    const dflt = await waitFor(() => get<ProbeSpecSpec>(ProbeSpecDefinition.type, `tcp:${closed}`), 'spec');
    expect(dflt.spec).toMatchObject({ intervalMs: 1000, failureThreshold: 0, tcp: { timeoutMs: 10_000 } });
    const layers = await h.state.list({ namespace: 'network-config', type: ProbeSpecDefinition.type });
    expect(layers.map((r) => r.metadata.id).sort()).toEqual(
      [`configuration/tcp:${closed}`, `configuration/tcp:${open}`].sort(),
    );

    const ok = await waitFor(() => get<ProbeStatusSpec>(ProbeStatusDefinition.type, `tcp:${open}`), 'status');
    expect(ok.spec).toEqual({ success: true, lastError: '' });
    const refused = await waitFor(
      () => get<ProbeStatusSpec>(ProbeStatusDefinition.type, `tcp:${closed}`),
      'status',
    );
    expect(refused.spec).toEqual({
      success: false,
      lastError: `dial tcp ${closed}: connect: connection refused`,
    });

    await apply(WORKER);
    await waitFor(
      async () =>
        (await h.state.list({ namespace: 'network', type: ProbeSpecDefinition.type })).length === 0
          ? true
          : undefined,
      'specs gone',
    );
    await waitFor(
      async () =>
        (await h.state.list({ namespace: 'network', type: ProbeStatusDefinition.type })).length === 0
          ? true
          : undefined,
      'statuses gone',
    );
  });

  it('reports a failure only after failureThreshold failures in a row', async () => {
    start();
    await apply(WORKER + probeDoc('slow', closed, 'interval: 500ms\nfailureThreshold: 3\n'));
    await waitFor(() => get<ProbeSpecSpec>(ProbeSpecDefinition.type, `tcp:${closed}`), 'spec');
    // two failures (500 ms apart) are not reported yet
    expect(await get(ProbeStatusDefinition.type, `tcp:${closed}`)).toBeUndefined();
    const failed = await waitFor(
      () => get<ProbeStatusSpec>(ProbeStatusDefinition.type, `tcp:${closed}`),
      'status',
    );
    expect(failed.spec.success).toBe(false);
  });

  it('words dial errors as Go does', async () => {
    const signal = new AbortController().signal;
    expect(await probeTCP({ endpoint: open, timeoutMs: 1000 }, signal)).toBeUndefined();
    expect(await probeTCP({ endpoint: 'no-port', timeoutMs: 1000 }, signal)).toBe(
      'dial tcp: address no-port: missing port in address',
    );
  });

  it('merges per probe, the highest layer winning', () => {
    const spec = (layer: ProbeSpecSpec['layer'], failureThreshold: number): ProbeSpecSpec => ({
      intervalMs: 1000,
      failureThreshold,
      tcp: { endpoint: '127.0.0.1:1', timeoutMs: 1000 },
      layer,
    });
    const merged = mergeProbeSpecs([spec('configuration', 5), spec('default', 1)]);
    expect([...merged.keys()]).toEqual(['tcp:127.0.0.1:1']);
    expect(merged.get('tcp:127.0.0.1:1')?.failureThreshold).toBe(5);
  });
});
