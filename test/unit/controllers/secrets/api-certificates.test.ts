// apid's certificates end to end over MemoryState with the real controller runtime: the machine config
// (or its absence) → MachineTypes, OSRootSecrets, CertSANs → ApiCertificates → APIServiceConfigs.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMachineConfig } from '../../../../src/config';
import { parseCertificate, spkiFingerprint } from '../../../../src/pki';
import {
  APIServiceConfigDefinition,
  type APIServiceConfigSpec,
} from '../../../../src/resources/runtime/api-service-config';
import {
  APICertificatesDefinition,
  type APICertsSpec,
} from '../../../../src/resources/secrets/api-certificates';
import {
  MaintenanceRootDefinition,
  type MaintenanceRootSpec,
} from '../../../../src/resources/secrets/maintenance-root';
import type { Resource } from '../../../../src/state';
import { waitFor, type Harness } from '../../controller-runtime/helpers';
import { ADDRESS, applyConfig, certsWhere, CONFIG, setHostname, startAPI } from './api-certificates-helpers';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/config/${name}.yaml`, import.meta.url), 'utf8');
const CONTROLPLANE = fixture('controlplane');

const CERTS = { namespace: 'secrets', type: APICertificatesDefinition.type, id: 'api' };
const SERVICE = { namespace: 'runtime', type: APIServiceConfigDefinition.type, id: 'apid' };
const MAINTENANCE_ROOT = { namespace: 'secrets', type: MaintenanceRootDefinition.type, id: 'maintenance' };

const osCA = () => parseMachineConfig(CONTROLPLANE).machineCA()!;

const serviceWhere = (h: Harness, ok: (c: APIServiceConfigSpec) => boolean) =>
  waitFor(async () => {
    const r = await h.state.get<APIServiceConfigSpec>(SERVICE).catch(() => undefined);
    return r && ok(r.spec) ? r.spec : undefined;
  }, 'APIServiceConfigs');

describe('secrets.APIController', () => {
  let h: Harness;
  afterEach(() => h.shutdown());

  it('in maintenance: a server certificate from the maintenance CA, no client verification', async () => {
    h = startAPI();
    await setHostname(h, 'talos-abc-def');
    const certs = await certsWhere(h, (c) => c.server.crt !== '');
    expect(certs.skipVerifyingClientCert).toBe(true);
    expect(certs.acceptedCAs).toEqual([]);
    expect(certs.client).toBeUndefined();
    const root = (await h.state.get<MaintenanceRootSpec>(MAINTENANCE_ROOT)).spec;
    const ca = parseCertificate(root.ca.crt);
    expect(ca.isCA).toBe(true);
    const server = parseCertificate(certs.server.crt);
    expect(server.x509.verify(ca.publicKey)).toBe(true);
    expect(server.subject.commonName).toBe('maintenance-service.talos.dev');
    expect(server.ipAddresses).toEqual([ADDRESS, '127.0.0.1', '::1']);
    expect(server.extKeyUsage).toEqual(['serverAuth']);
    expect(certs.server.key).toMatch(/^-----BEGIN ED25519 PRIVATE KEY-----/);

    expect(await serviceWhere(h, () => true)).toEqual({
      listenAddress: `${ADDRESS}:50000`,
      nodeRoutingDisabled: true,
      readonlyRoleMode: true,
      skipVerifyingClientCert: true,
    });
    // the hostname joins the SANs once known
    const named = await certsWhere(h, (c) => parseCertificate(c.server.crt).dnsNames.length > 0);
    expect(parseCertificate(named.server.crt).dnsNames).toEqual(['talos-abc-def']);

    // the console learns the fingerprint and how to apply a config, once
    const fingerprint = spkiFingerprint(named.server.crt);
    await waitFor(() => h.logs().some((l) => l.msg === 'server certificate issued'), 'inform log');
    const msgs = h.logs().map((l) => l.msg ?? '');
    expect(msgs).toContain('this machine is reachable at:');
    expect(msgs).toContain(`\ttalosctl apply-config --insecure --nodes ${ADDRESS} --file <config.yaml>`);
    await waitFor(
      () => h.logs().some((l) => (l as { fingerprint?: string }).fingerprint === fingerprint),
      'fingerprint of the current certificate',
    );
    expect(msgs.filter((m) => m === 'upload configuration using talosctl:')).toHaveLength(1);
  });

  it('on a control plane: server and os:impersonator client certificates from the OS CA', async () => {
    h = startAPI();
    await setHostname(h, 'cp-1', 'example.org');
    await applyConfig(h, CONTROLPLANE);
    const certs = await certsWhere(h, (c) => !c.skipVerifyingClientCert);
    const ca = parseCertificate(osCA().crt);
    expect(certs.acceptedCAs).toEqual([osCA().crt]);

    const server = parseCertificate(certs.server.crt);
    expect(server.x509.verify(ca.publicKey)).toBe(true);
    expect(server.authorityKeyId?.equals(ca.subjectKeyId!)).toBe(true);
    expect(server.subject.commonName).toBe('cp-1.example.org');
    expect(server.ipAddresses).toEqual([ADDRESS, '127.0.0.1']);
    expect(server.dnsNames).toEqual(['cp-1', 'cp-1.example.org']);
    expect(server.extKeyUsage).toEqual(['serverAuth']);
    expect(server.keyUsage).toEqual(['digitalSignature']);
    // siderolabs/crypto's default lifetime, as Talos
    expect(server.notAfter.getTime() - server.notBefore.getTime()).toBe(24 * 60 * 60 * 1000);

    const client = parseCertificate(certs.client!.crt);
    expect(client.x509.verify(ca.publicKey)).toBe(true);
    expect(client.subject.organizations).toEqual(['os:impersonator']);
    expect(client.subject.commonName).toBe('cp-1.example.org');
    expect(client.extKeyUsage).toEqual(['clientAuth']);

    expect(await serviceWhere(h, (s) => !s.skipVerifyingClientCert)).toEqual({
      listenAddress: `${ADDRESS}:50000`,
      nodeRoutingDisabled: false,
      readonlyRoleMode: false,
      skipVerifyingClientCert: false,
    });
  });

  it('adds machine.certSANs and issues again when they change', async () => {
    h = startAPI();
    await setHostname(h, 'cp-1');
    await applyConfig(h, CONTROLPLANE.replace('certSANs: []', 'certSANs: [api.example.org, 192.0.2.10]'));
    const first = await certsWhere(h, (c) => !c.skipVerifyingClientCert);
    const server = parseCertificate(first.server.crt);
    expect(server.ipAddresses).toEqual([ADDRESS, '127.0.0.1', '192.0.2.10']);
    expect(server.dnsNames).toEqual(['api.example.org', 'cp-1']);
    await applyConfig(h, CONTROLPLANE.replace('certSANs: []', 'certSANs: [other.example.org]'));
    const second = await certsWhere(h, (c) =>
      parseCertificate(c.server.crt).dnsNames.includes('other.example.org'),
    );
    expect(parseCertificate(second.server.crt).ipAddresses).toEqual([ADDRESS, '127.0.0.1']);
  });

  it('renews both certificates half-way through their life', async () => {
    h = startAPI({ validityMs: 1200 });
    await setHostname(h, 'cp-1');
    await applyConfig(h, CONTROLPLANE);
    const first = await certsWhere(h, (c) => !c.skipVerifyingClientCert);
    const started = Date.now();
    const second = await certsWhere(
      h,
      (c) => !c.skipVerifyingClientCert && c.server.crt !== first.server.crt,
    );
    // due at notBefore + 600 ms (notBefore is truncated to the second, so it can come early)
    expect(Date.now() - started).toBeLessThan(1200);
    expect(second.client!.crt).not.toBe(first.client!.crt);
    expect(second.server.key).not.toBe(first.server.key);
    const renewals = h.logs().filter((l) => l.msg === 'generated new certificates').length;
    expect(renewals).toBeGreaterThanOrEqual(2);
  });

  it('switches maintenance → configured → maintenance, dropping the old mode first', async () => {
    h = startAPI();
    await setHostname(h, 'cp-1');
    const maintenance = await certsWhere(h, (c) => c.skipVerifyingClientCert);
    const seen: string[] = [];
    const watching = new AbortController();
    const watch = (async () => {
      for await (const e of h.state.watch(CERTS, watching.signal)) {
        const spec = (e.resource as Resource<APICertsSpec> | undefined)?.spec;
        if (e.type === 'destroyed') seen.push('destroyed');
        else if (spec) seen.push(spec.skipVerifyingClientCert ? 'maintenance' : 'configured');
      }
    })();
    await applyConfig(h, CONTROLPLANE);
    await certsWhere(h, (c) => !c.skipVerifyingClientCert);
    await h.state.destroy(CONFIG);
    const back = await certsWhere(h, (c) => c.skipVerifyingClientCert);
    await serviceWhere(h, (s) => s.readonlyRoleMode);
    watching.abort();
    await watch;
    // the maintenance root survives: the same CA, a fresh leaf
    expect(parseCertificate(back.server.crt).authorityKeyId).toEqual(
      parseCertificate(maintenance.server.crt).authorityKeyId,
    );
    // between modes, the old certificates were destroyed before the new ones were written
    const collapsed = seen.filter((k, i) => k !== seen[i - 1]);
    expect(collapsed).toEqual(['maintenance', 'destroyed', 'configured', 'destroyed', 'maintenance']);
  });
});
