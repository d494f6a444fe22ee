// A worker's apid certificate from an in-process trustd on 127.0.0.37: the worker config (OS CA
// certificate without its key) → a CSR signed by trustd, renewed half-way through its life.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Trustd } from '../../../../src/apps/trustd/trustd';
import { parseMachineConfig } from '../../../../src/config';
import { parseCertificate } from '../../../../src/pki';
import { MachineConfigDefinition, MACHINE_CONFIG_ID } from '../../../../src/resources/config/machine-config';
import {
  APIServiceConfigDefinition,
  type APIServiceConfigSpec,
} from '../../../../src/resources/runtime/api-service-config';
import { APICertificatesDefinition } from '../../../../src/resources/secrets/api-certificates';
import { MemoryState, NotFoundError } from '../../../../src/state';
import { captureLogs } from '../../../harness/log-capture';
import type { Harness } from '../../controller-runtime/helpers';
import { waitFor } from '../../controller-runtime/helpers';
import { applyConfig, certsWhere, setHostname, startAPI } from './api-certificates-helpers';

const HOST = '127.0.0.37';
const WORKER_ADDRESS = '127.0.0.38';
const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/config/${name}.yaml`, import.meta.url), 'utf8');
const WORKER = fixture('worker').replace('https://10.5.0.2:6443', `https://${HOST}:6443`);
const ca = parseMachineConfig(fixture('controlplane')).machineCA()!;
const token = parseMachineConfig(WORKER).machineToken()!;
const CERTS = { namespace: 'secrets', type: APICertificatesDefinition.type, id: 'api' };
const SERVICE = { namespace: 'runtime', type: APIServiceConfigDefinition.type, id: 'apid' };
const HALF_DAY_MS = 12 * 60 * 60 * 1000;

describe('secrets.APIController on a worker', () => {
  const trustdState = new MemoryState();
  const stopTrustd = new AbortController();
  let running: Promise<void>;
  let port = 0;
  let h: Harness;

  beforeAll(async () => {
    expect(parseMachineConfig(WORKER).machineCA()).toEqual({ crt: ca.crt });
    const listening = new Promise<string>((resolve) => {
      running = new Trustd({
        state: trustdState,
        listen: HOST,
        port: 0,
        secrets: () => ({
          issuingCA: { crt: ca.crt, key: ca.key! },
          acceptedCAs: [ca.crt],
          token,
          sans: { ips: [HOST], dnsNames: [] },
        }),
        logger: captureLogs().logger,
        onListening: resolve,
      }).run(stopTrustd.signal);
    });
    await trustdState.modify(
      { namespace: 'config', type: MachineConfigDefinition.type, id: MACHINE_CONFIG_ID },
      () => ({ yaml: 'cp' }),
    );
    port = Number((await listening).split(':').pop());
  });

  afterAll(async () => {
    stopTrustd.abort();
    await running;
  });

  afterEach(() => h.shutdown());

  const trustd = () => ({ port, backoff: { initialMs: 20, maxMs: 40, attemptTimeoutMs: 2_000 } });

  it('gets its server certificate from trustd; apid is down until then', async () => {
    h = startAPI({ trustd: trustd() }, [WORKER_ADDRESS]);
    await setHostname(h, 'worker-1');
    await certsWhere(h, (c) => c.skipVerifyingClientCert);
    // a wrong token: trustd refuses, the maintenance certificates are gone, no apid config
    await applyConfig(h, WORKER.replace(token, 'aaaaaa.bbbbbbbbbbbbbbbb'));
    await waitFor(
      () => h.logs().some((l) => l.msg === 'failed to get apid certificate from trustd'),
      'a refused attempt',
    );
    await expect(h.state.get(CERTS)).rejects.toBeInstanceOf(NotFoundError);
    await waitFor(async () => !(await h.state.get(SERVICE).catch(() => undefined)), 'no apid config');

    // the right token: the pending request is abandoned for one with the new inputs
    await applyConfig(h, WORKER);
    const certs = await certsWhere(h, (c) => !c.skipVerifyingClientCert);
    expect(certs.acceptedCAs).toEqual([ca.crt]);
    expect(certs.client).toBeUndefined();
    const server = parseCertificate(certs.server.crt);
    expect(server.x509.verify(parseCertificate(ca.crt).publicKey)).toBe(true);
    expect(server.subject.commonName).toBe('worker-1');
    expect(server.subject.organizations).toEqual([]);
    expect(server.ipAddresses).toEqual(['127.0.0.1', WORKER_ADDRESS]);
    expect(server.dnsNames).toEqual(['worker-1']);
    expect(server.extKeyUsage).toEqual(['serverAuth']);
    const service = (await h.state.get<APIServiceConfigSpec>(SERVICE)).spec;
    expect(service.skipVerifyingClientCert).toBe(false);
    expect(service.readonlyRoleMode).toBe(false);
    const text = JSON.stringify(h.logs());
    expect(text).toContain('received apid certificate from trustd');
    expect(text).not.toContain(token.split('.')[1]);
  });

  it('asks again half-way through the certificate life, keeping the current one meanwhile', async () => {
    // a clock 12h ahead (less a moment): trustd's 24h certificates are due for renewal at once
    h = startAPI({ trustd: trustd(), now: () => Date.now() + HALF_DAY_MS - 300 }, [WORKER_ADDRESS]);
    await setHostname(h, 'worker-1');
    await applyConfig(h, WORKER);
    const first = await certsWhere(h, (c) => !c.skipVerifyingClientCert);
    const seen: string[] = [];
    const watching = new AbortController();
    const watch = (async () => {
      for await (const e of h.state.watch(CERTS, watching.signal)) seen.push(e.type);
    })();
    const second = await certsWhere(
      h,
      (c) => !c.skipVerifyingClientCert && c.server.crt !== first.server.crt,
    );
    watching.abort();
    await watch;
    expect(second.server.key).not.toBe(first.server.key);
    expect(seen).not.toContain('destroyed');
  });
});
