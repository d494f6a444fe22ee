// The time server pipeline: machine config → per-layer TimeServerSpecs → merged spec → TimeServerStatus,
// over MemoryState with the real controller runtime.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { TimeServerConfigController } from '../../../../controllers/network/time-server-config';
import {
  mergeTimeServerSpecs,
  TimeServerMergeController,
} from '../../../../controllers/network/time-server-merge';
import { TimeServerSpecController } from '../../../../controllers/network/time-server-spec';
import { parseMachineConfig } from '../../../../src/config';
import { apiSchema } from '../../../../src/grpc/api-schema';
import {
  MachineConfigDefinition,
  type MachineConfigSpec,
} from '../../../../src/resources/config/machine-config';
import { TimeServerSpecDefinition } from '../../../../src/resources/network/time-server-spec';
import {
  TimeServerStatusDefinition,
  type TimeServerStatusSpec,
} from '../../../../src/resources/network/time-server-status';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

const WORKER = readFileSync(new URL('../../../fixtures/config/worker.yaml', import.meta.url), 'utf8');
const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: 'v1alpha1' };
const STATUS = { namespace: 'network', type: TimeServerStatusDefinition.type, id: 'timeservers' };
const withV1Servers = (servers: string) =>
  WORKER.replace('    type: worker\n', `    type: worker\n    time:\n        servers: ${servers}\n`);
const TIME_SYNC_DOC = `---\napiVersion: v1alpha1\nkind: TimeSyncConfig\nntp:\n    servers:\n        - ntp.example.org\n`;

let h: Harness;
afterEach(() => h.shutdown());

function start(): Harness {
  h = harness();
  h.runtime.register(new TimeServerConfigController());
  h.runtime.register(new TimeServerMergeController());
  h.runtime.register(new TimeServerSpecController());
  h.start();
  return h;
}

const status = (want: string[]) =>
  waitFor(
    async () => {
      const r = await h.state.get<TimeServerStatusSpec>(STATUS).catch(() => undefined);
      return JSON.stringify(r?.spec.timeServers) === JSON.stringify(want) ? r : undefined;
    },
    `time servers ${want.join(',')}`,
  );

const apply = (text: string) =>
  h.state.modify<MachineConfigSpec>(CONFIG, () => ({ config: parseMachineConfig(text) }));

describe('time server pipeline', () => {
  it('uses time.cloudflare.com until the config names servers, then those, and back', async () => {
    start();
    await status(['time.cloudflare.com']);
    await apply(withV1Servers('[ntp1.example.org, 10.0.0.1]'));
    await status(['ntp1.example.org', '10.0.0.1']);
    await apply(WORKER);
    await status(['time.cloudflare.com']);
    const layers = await h.state.list({ namespace: 'network-config', type: TimeServerSpecDefinition.type });
    expect(layers.map((r) => r.metadata.id)).toEqual(['default/timeservers']);
  });

  it('reads a TimeSyncConfig document, and an empty list in the config means no servers', async () => {
    start();
    await apply(WORKER + TIME_SYNC_DOC);
    await status(['ntp.example.org']);
    await apply(withV1Servers('[]'));
    await status([]);
  });

  it('merges by layer: a higher layer replaces, the same layer adds', () => {
    expect(
      mergeTimeServerSpecs([
        { timeServers: ['a'], layer: 'default' },
        { timeServers: ['b'], layer: 'cmdline' },
        { timeServers: ['c'], layer: 'cmdline' },
        { timeServers: ['d'], layer: 'default' },
      ]),
    ).toEqual({ timeServers: ['b', 'c'], layer: 'cmdline' });
    expect(mergeTimeServerSpecs([])).toBeUndefined();
  });

  it('encodes as Talos: ntp_servers and the layer enum', () => {
    const codec = apiSchema().codec(TimeServerSpecDefinition.protoSpec!);
    const spec = { timeServers: ['a', 'b'], layer: 'configuration' as const };
    expect(codec.decode(codec.encode(TimeServerSpecDefinition.toProto!(spec)))).toEqual({
      ntp_servers: ['a', 'b'],
      config_layer: 'CONFIG_MACHINE_CONFIGURATION',
    });
  });
});
