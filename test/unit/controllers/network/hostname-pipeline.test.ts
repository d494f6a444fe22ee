// The hostname pipeline end to end: machine config → per-layer HostnameSpecs → merged spec →
// HostnameStatus → Nodename, over MemoryState with the real controller runtime.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { HostnameConfigController } from '../../../../controllers/network/hostname-config';
import { HostnameMergeController } from '../../../../controllers/network/hostname-merge';
import { HostnameSpecController } from '../../../../controllers/network/hostname-spec';
import { NodenameController } from '../../../../controllers/k8s/nodename';
import { MachineConfig, parseMachineConfig } from '../../../../src/config';
import {
  MachineConfigDefinition,
  type MachineConfigSpec,
} from '../../../../src/resources/config/machine-config';
import { NodenameDefinition, type NodenameSpec } from '../../../../src/resources/k8s/nodename';
import {
  HostnameSpecDefinition,
  type HostnameSpecSpec,
} from '../../../../src/resources/network/hostname-spec';
import {
  HostnameStatusDefinition,
  type HostnameStatusSpec,
} from '../../../../src/resources/network/hostname-status';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';
import { NotFoundError } from '../../../../src/state';

const WORKER = readFileSync(new URL('../../../fixtures/config/worker.yaml', import.meta.url), 'utf8');
// Talos's own test vector (hostname_config_test.go): this node ID gives "talos-hwz-sw5".
const NODE_ID = 'fGdOI05hVrx3YMagLo0Bwxa2Nm9BAswWm8XLeEj0aS4';
const STABLE = 'talos-hwz-sw5';
const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: 'v1alpha1' };
const STATUS = { namespace: 'network', type: HostnameStatusDefinition.type, id: 'hostname' };
const NODENAME = { namespace: 'k8s', type: NodenameDefinition.type, id: 'nodename' };

/** The worker fixture without its HostnameConfig document (`auto: stable`). */
const V1ALPHA1_ONLY = WORKER.slice(0, WORKER.indexOf('---\napiVersion: v1alpha1\nkind: HostnameConfig'));
const withHostname = (text: string, hostname: string): string =>
  text.replace('    type: worker\n', `    type: worker\n    network:\n        hostname: ${hostname}\n`);

function start(): Harness {
  const h = harness();
  h.runtime.register(new HostnameConfigController({ nodeId: NODE_ID }));
  h.runtime.register(new HostnameMergeController());
  h.runtime.register(new HostnameSpecController());
  h.runtime.register(new NodenameController());
  h.start();
  return h;
}

async function applyConfig(h: Harness, text: string): Promise<void> {
  const spec: MachineConfigSpec = { config: parseMachineConfig(text) };
  await h.state.modify<MachineConfigSpec>(CONFIG, () => spec);
}

const status = (h: Harness, hostname: string) =>
  waitFor(async () => {
    const r = await h.state.get<HostnameStatusSpec>(STATUS).catch(() => undefined);
    return r?.spec.hostname === hostname ? r.spec : undefined;
  }, `hostname ${hostname}`);

const nodename = (h: Harness, name: string) =>
  waitFor(async () => {
    const r = await h.state.get<NodenameSpec>(NODENAME).catch(() => undefined);
    return r?.spec.nodename === name ? r : undefined;
  }, `nodename ${name}`);

describe('hostname pipeline', () => {
  let h: Harness;
  afterEach(() => h.shutdown());

  it('takes machine.network.hostname, splits the domain and lower-cases the nodename', async () => {
    h = start();
    await applyConfig(h, withHostname(V1ALPHA1_ONLY, 'Worker-1.example.org'));
    expect(await status(h, 'Worker-1')).toEqual({ hostname: 'Worker-1', domainname: 'example.org' });
    const n = await nodename(h, 'worker-1');
    const s = await h.state.get(STATUS);
    expect(n.spec).toEqual({
      nodename: 'worker-1',
      hostnameVersion: String(s.metadata.version),
      skipNodeRegistration: false,
    });
    // The v1alpha1 default (legacy talos-addr, no address known) sits below the configured layer.
    const layers = await h.state.list<HostnameSpecSpec>({
      namespace: 'network-config',
      type: HostnameSpecDefinition.type,
    });
    expect(layers.map((r) => [r.metadata.id, r.spec])).toEqual([
      ['configuration/hostname', { hostname: 'Worker-1', domainname: 'example.org', layer: 'configuration' }],
      ['default/hostname', { hostname: STABLE, domainname: '', layer: 'default' }],
    ]);
  });

  it('registers with the FQDN when the kubelet asks for it', async () => {
    h = start();
    const text = withHostname(V1ALPHA1_ONLY, 'Worker-1.example.org').replace(
      '    kubelet:\n',
      '    kubelet:\n        registerWithFQDN: true\n        skipNodeRegistration: true\n',
    );
    await applyConfig(h, text);
    const n = await nodename(h, 'worker-1.example.org');
    expect(n.spec.skipNodeRegistration).toBe(true);
  });

  it('lets a HostnameConfig document win and follows config changes', async () => {
    h = start();
    await applyConfig(h, WORKER.replace('auto: stable', 'hostname: doc-host'));
    expect(await status(h, 'doc-host')).toEqual({ hostname: 'doc-host', domainname: '' });
    await nodename(h, 'doc-host');

    await applyConfig(h, WORKER.replace('auto: stable', 'hostname: renamed.lan'));
    expect(await status(h, 'renamed')).toEqual({ hostname: 'renamed', domainname: 'lan' });
    await nodename(h, 'renamed');
    // `auto` absent means off: no default layer.
    const ids = (await h.state.list({ namespace: 'network-config', type: HostnameSpecDefinition.type })).map(
      (r) => r.metadata.id,
    );
    expect(ids).toEqual(['configuration/hostname']);
  });

  it('prefers a HostnameConfig document over machine.network.hostname even when both are set', async () => {
    h = start();
    // The parser refuses both (as Talos does); build the config directly to check the precedence.
    const v1 = parseMachineConfig(withHostname(V1ALPHA1_ONLY, 'v1-host')).documents;
    const doc = { apiVersion: 'v1alpha1', kind: 'HostnameConfig', data: { hostname: 'doc-host' } };
    await h.state.modify<MachineConfigSpec>(CONFIG, () => ({ config: new MachineConfig([...v1, doc]) }));
    expect(await status(h, 'doc-host')).toEqual({ hostname: 'doc-host', domainname: '' });
  });

  it('uses the stable hostname for auto: stable', async () => {
    h = start();
    await applyConfig(h, WORKER);
    expect(await status(h, STABLE)).toEqual({ hostname: STABLE, domainname: '' });
    await nodename(h, STABLE);
  });

  it('gives the default hostname without a config, and no nodename', async () => {
    h = start();
    expect(await status(h, STABLE)).toEqual({ hostname: STABLE, domainname: '' });
    await expect(h.state.get(NODENAME)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('removes the status when every source is off', async () => {
    h = start();
    await applyConfig(h, WORKER);
    await status(h, STABLE);
    await applyConfig(h, WORKER.replace('auto: stable', 'auto: "off"'));
    await waitFor(
      () =>
        h.state.get(STATUS).then(
          () => false,
          () => true,
        ),
      'status removed',
    );
    // The nodename keeps the last hostname, as in Talos.
    await nodename(h, STABLE);
  });
});
