// The etcd pipeline end to end: machine config → EtcdRootSecrets → EtcdSecrets, and EtcdConfig → EtcdSpec,
// over MemoryState with the real controller runtime; the hostname status is written by the test.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigController } from '../../../../controllers/etcd/config';
import { DEFAULT_ETCD_IMAGE } from '../../../../src/k8s/defaults';
import { SpecController } from '../../../../controllers/etcd/spec';
import { EtcdController } from '../../../../controllers/secrets/etcd-secrets';
import { EtcdRootController } from '../../../../controllers/secrets/etcd-root';
import { parseMachineConfig } from '../../../../src/config';
import {
  MachineConfigDefinition,
  type MachineConfigSpec,
} from '../../../../src/resources/config/machine-config';
import { EtcdConfigDefinition } from '../../../../src/resources/etcd/config';
import { EtcdSpecDefinition, type EtcdSpecSpec } from '../../../../src/resources/etcd/spec';
import {
  HostnameStatusDefinition,
  type HostnameStatusSpec,
} from '../../../../src/resources/network/hostname-status';
import { EtcdRootDefinition, type EtcdRootSpec } from '../../../../src/resources/secrets/etcd-root';
import { EtcdSecretsDefinition, type EtcdCertsSpec } from '../../../../src/resources/secrets/etcd-secrets';
import type { Resource } from '../../../../src/state';
import { harness, settle, waitFor, type Harness } from '../../controller-runtime/helpers';
import { NotFoundError } from '../../../../src/state';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/config/${name}.yaml`, import.meta.url), 'utf8');
const CONTROLPLANE = fixture('controlplane');
const WORKER = fixture('worker');
const ADDRESS = '10.5.0.2';

const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: 'v1alpha1' };
const HOSTNAME = { namespace: 'network', type: HostnameStatusDefinition.type, id: 'hostname' };
const ROOT = { namespace: 'secrets', type: EtcdRootDefinition.type, id: 'etcd' };
const CERTS = { namespace: 'secrets', type: EtcdSecretsDefinition.type, id: 'etcd' };
const ETCD_CONFIG = { namespace: 'etcd', type: EtcdConfigDefinition.type, id: 'etcd' };
const SPEC = { namespace: 'etcd', type: EtcdSpecDefinition.type, id: 'etcd' };
const ALL = [ROOT, CERTS, ETCD_CONFIG, SPEC];

const withExtraArgs = (text: string, value: string): string =>
  text.replace('    etcd:\n', `    etcd:\n        extraArgs:\n            election-timeout: "${value}"\n`);

async function start(config: string, hostname = 'node-1'): Promise<Harness> {
  const h = harness();
  h.runtime.register(new EtcdRootController());
  h.runtime.register(new EtcdController({ addresses: [ADDRESS, '0.0.0.0'] }));
  h.runtime.register(new ConfigController());
  h.runtime.register(new SpecController({ addresses: [ADDRESS] }));
  h.start();
  await setHostname(h, hostname);
  await applyConfig(h, config);
  return h;
}

const setHostname = (h: Harness, hostname: string) =>
  h.state.modify<HostnameStatusSpec>(HOSTNAME, () => ({ hostname, domainname: 'lan' }));

async function applyConfig(h: Harness, text: string): Promise<void> {
  const spec: MachineConfigSpec = { config: parseMachineConfig(text) };
  await h.state.modify<MachineConfigSpec>(CONFIG, () => spec);
}

const present = <S>(h: Harness, p: typeof ROOT, ok: (r: Resource<S>) => boolean = () => true) =>
  waitFor(async () => {
    const r = await h.state.get<S>(p).catch(() => undefined);
    return r && ok(r) ? r : undefined;
  }, p.type);

const absent = (h: Harness, p: typeof ROOT) =>
  waitFor(
    () =>
      h.state.get(p).then(
        () => false,
        () => true,
      ),
    `${p.type} removed`,
  );

const ekus = (c: X509Certificate): string[] => [...(c.keyUsage ?? [])].sort();
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

describe('etcd pipeline', () => {
  let h: Harness;
  afterEach(() => h.shutdown());

  it('gives a control-plane node its etcd CA, certificates, config and spec', async () => {
    h = await start(CONTROLPLANE);
    const root = await present<EtcdRootSpec>(h, ROOT);
    const configCA = parseMachineConfig(CONTROLPLANE).v1alpha1()?.cluster?.etcd?.ca;
    expect(root.spec.etcdCA.crt).toBe(Buffer.from(configCA?.crt ?? '', 'base64').toString());
    const ca = new X509Certificate(root.spec.etcdCA.crt);

    const certs = (await present<EtcdCertsSpec>(h, CERTS)).spec;
    const cert = (k: keyof EtcdCertsSpec) => new X509Certificate(certs[k].crt);
    for (const k of ['etcd', 'etcdPeer', 'etcdAdmin', 'etcdAPIServer'] as const) {
      expect(cert(k).checkIssued(ca), k).toBe(true);
      expect(cert(k).verify(ca.publicKey), k).toBe(true);
      expect(cert(k).publicKey.asymmetricKeyType, k).toBe('ec');
    }
    expect(cert('etcd').subject).toBe('CN=node-1');
    expect(cert('etcd').subjectAltName).toBe(
      'DNS:node-1, DNS:node-1.lan, DNS:localhost, IP Address:10.5.0.2, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(ekus(cert('etcd'))).toEqual([SERVER_AUTH, CLIENT_AUTH]);
    expect(cert('etcdPeer').subjectAltName).toBe('DNS:node-1, DNS:node-1.lan, IP Address:10.5.0.2');
    expect(ekus(cert('etcdPeer'))).toEqual([SERVER_AUTH, CLIENT_AUTH]);
    expect(cert('etcdAdmin').subject).toBe('CN=talos');
    expect(cert('etcdAPIServer').subject).toBe('CN=kube-apiserver');
    expect(cert('etcdAdmin').subjectAltName).toBeUndefined();
    expect(ekus(cert('etcdAdmin'))).toEqual([CLIENT_AUTH]);
    expect(ekus(cert('etcdAPIServer'))).toEqual([CLIENT_AUTH]);

    const spec = await present<EtcdSpecSpec>(h, SPEC);
    expect(spec.spec).toEqual({
      name: 'node-1',
      advertisedAddresses: [ADDRESS],
      listenPeerAddresses: ['0.0.0.0'],
      listenClientAddresses: ['0.0.0.0'],
      image: DEFAULT_ETCD_IMAGE,
      extraArgs: {},
    });
    await present(h, ETCD_CONFIG);
  });

  it('gives a worker none of them', async () => {
    h = await start(WORKER);
    await settle(200);
    for (const p of ALL) await expect(h.state.get(p)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('follows extraArgs without issuing certificates again', async () => {
    h = await start(withExtraArgs(CONTROLPLANE, '5000'));
    const spec = await present<EtcdSpecSpec>(h, SPEC);
    expect(spec.spec.extraArgs).toEqual({ 'election-timeout': { values: ['5000'] } });
    const before = await present<EtcdCertsSpec>(h, CERTS);

    await applyConfig(h, withExtraArgs(CONTROLPLANE, '7000'));
    await present<EtcdSpecSpec>(h, SPEC, (r) => r.spec.extraArgs['election-timeout']?.values[0] === '7000');
    await settle(100);
    const after = await h.state.get<EtcdCertsSpec>(CERTS);
    expect(after.metadata.version).toEqual(before.metadata.version);
    expect(after.spec.etcd.crt).toBe(before.spec.etcd.crt);
  });

  it('issues certificates again and renames the member when the hostname changes', async () => {
    h = await start(CONTROLPLANE);
    const before = await present<EtcdCertsSpec>(h, CERTS);
    await setHostname(h, 'node-2');
    const after = await present<EtcdCertsSpec>(h, CERTS, (r) => r.spec.etcd.crt !== before.spec.etcd.crt);
    expect(new X509Certificate(after.spec.etcdPeer.crt).subject).toBe('CN=node-2');
    await present<EtcdSpecSpec>(h, SPEC, (r) => r.spec.name === 'node-2');
  });

  it('removes everything when the node stops being a control-plane node', async () => {
    h = await start(CONTROLPLANE);
    for (const p of ALL) await present(h, p);
    await applyConfig(h, WORKER);
    for (const p of ALL) await absent(h, p);
  });
});
