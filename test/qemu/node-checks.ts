// What the qemu tests ask of a booted node: a client once apid answers, a resource's spec, and the
// generated config made reachable through the forwarded loopback address, the served certificate's
// fingerprint.
import { createHash, X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { parse, parseAllDocuments } from 'yaml';
import { expect } from 'vitest';
import { TestClient, type ClientTLS } from '../harness/client';
import { connectAnswering } from '../harness/configured';
import { within, type Guest } from './harness';

/** A client whose Version call answered (insecure without `tls`), retried until `timeoutMs`. */
export function connectWhenUp(
  address: string,
  tls: ClientTLS | undefined,
  timeoutMs: number,
): Promise<TestClient> {
  return within(timeoutMs, () => connectAnswering(address, tls));
}

/** A resource's spec, parsed from its YAML. */
export async function yamlSpec<T = Record<string, unknown>>(
  c: TestClient,
  namespace: string,
  type: string,
  id: string,
): Promise<T> {
  const r = await c.unary<{ resource: { spec: { yaml_spec: string } } }>('/cosi.resource.State/Get', {
    namespace,
    type,
    id,
  });
  return parse(r.resource.spec.yaml_spec) as T;
}

/**
 * The generated control-plane config with a fixed hostname, the forwarded loopback address in
 * machine.certSANs (the test reaches apid through it, so the server certificate must name it), and
 * optionally the install disk.
 */
export function forwardedConfig(
  controlPlane: Buffer,
  forwarded: string,
  hostname: string,
  installDisk?: string,
  /** Registries reached over plain HTTP: `machine.registries.mirrors` entries `host → http://host`. */
  httpRegistries: readonly string[] = [],
): Buffer {
  const docs = parseAllDocuments(controlPlane.toString());
  for (const doc of docs) {
    if (doc.get('kind') === 'HostnameConfig') {
      doc.delete('auto');
      doc.set('hostname', hostname);
    }
    if (doc.get('version') === 'v1alpha1') {
      doc.setIn(['machine', 'certSANs'], [forwarded]);
      if (installDisk) doc.setIn(['machine', 'install', 'disk'], installDisk);
      for (const host of httpRegistries)
        doc.setIn(['machine', 'registries', 'mirrors', host], { endpoints: [`http://${host}`] });
    }
  }
  return Buffer.from(docs.map((d) => d.toString()).join('---\n'));
}

/** Checks a configured node: stage running, the hostname, and the active config's cluster name. */
export async function configuredState(
  admin: TestClient,
): Promise<{ stage: string; hostname: string; config: string }> {
  const status = await within(60_000, async () => {
    const s = await yamlSpec<{ stage: string }>(
      admin,
      'runtime',
      'MachineStatuses.runtime.talos.dev',
      'machine',
    );
    if (s.stage !== 'running') throw new Error(`stage ${s.stage}`);
    return s;
  });
  const host = await yamlSpec<{ hostname: string }>(
    admin,
    'network',
    'HostnameStatuses.net.talos.dev',
    'hostname',
  );
  const mc = await admin.unary<{ resource: { spec: { yaml_spec: string } } }>('/cosi.resource.State/Get', {
    namespace: 'config',
    type: 'MachineConfigs.config.talos.dev',
    id: 'v1alpha1',
  });
  return { stage: status.stage, hostname: host.hostname, config: mc.resource.spec.yaml_spec };
}

/**
 * A node that booted with its config (no apply): it answers mTLS with `tls`, runs configured as
 * `hostname` in cluster `cluster`, and never offered the maintenance service.
 */
export async function expectConfiguredWithoutApply(
  guest: Guest,
  tls: ClientTLS,
  want: { hostname: string; cluster: string },
): Promise<void> {
  const admin = await connectWhenUp(guest.address, tls, 240_000);
  try {
    const state = await configuredState(admin);
    expect(state.stage).toBe('running');
    expect(state.hostname).toBe(want.hostname);
    expect(state.config).toContain(`clusterName: ${want.cluster}`);
  } finally {
    admin.close();
  }
  expect(guest.console()).not.toMatch(/entering maintenance service|this machine is reachable at/);
}

/** The SPKI SHA-256 (base64) of the certificate the server presents, as talosctl --cert-fingerprint. */
export function servedFingerprint(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, rejectUnauthorized: false, ALPNProtocols: ['h2'] }, () => {
      const der = socket.getPeerCertificate().raw;
      socket.destroy();
      const spki = new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' });
      resolve(createHash('sha256').update(spki).digest('base64'));
    });
    socket.once('error', reject);
  });
}
