// OSRootSecrets from the machine config, the CertSANs of apid's certificates, and the protobuf/YAML
// encoding of OSRootSecrets and MaintenanceRootSecrets.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CertSANsBuilder } from '../../../../src/secrets/cert-sans';
import { apiCertSANs } from '../../../../controllers/secrets/api-cert-sans';
import { maintenanceCertSANs } from '../../../../controllers/secrets/maintenance-cert-sans';
import { osRoot } from '../../../../controllers/secrets/os-root';
import { parseMachineConfig } from '../../../../src/config';
import { apiSchema } from '../../../../src/grpc/api-schema';
import { MaintenanceRootDefinition } from '../../../../src/resources/secrets/maintenance-root';
import { OSRootDefinition, type OSRootSpec } from '../../../../src/resources/secrets/os-root';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/config/${name}.yaml`, import.meta.url), 'utf8');
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('OSRootSecrets from the config', () => {
  const cp = parseMachineConfig(fixture('controlplane'));
  const ca = cp.machineCA()!;

  it('keeps the OS CA with its key on a control plane', () => {
    expect(osRoot(cp)).toEqual({
      issuingCA: { crt: ca.crt, key: ca.key },
      acceptedCAs: [ca.crt],
      certSANIPs: [],
      certSANDNSNames: [],
      token: cp.machineToken(),
    });
  });

  it('drops a CA without key (worker), splits certSANs, lists accepted CAs before the OS CA', () => {
    // any real certificate does as an extra accepted CA: take the Kubernetes CA's
    const extra = Buffer.from(cp.v1alpha1()!.cluster!.ca!.crt!, 'base64').toString();
    const text = fixture('worker').replace(
      'certSANs: []',
      `certSANs: [10.0.0.9, api.example.org, "fd00::9"]\n    acceptedCAs:\n        - crt: ${b64(extra)}`,
    );
    const worker = parseMachineConfig(text);
    const root = osRoot(worker)!;
    expect(root.issuingCA).toBeUndefined();
    expect(root.acceptedCAs).toEqual([extra, worker.machineCA()!.crt]);
    expect(root.certSANIPs).toEqual(['10.0.0.9', 'fd00::9']);
    expect(root.certSANDNSNames).toEqual(['api.example.org']);
    expect(root.token).toBe(worker.machineToken());
  });

  it('names the Kubernetes Talos API service when that feature is on', () => {
    const text = fixture('controlplane').replace(
      '    features:\n',
      '    features:\n        kubernetesTalosAPIAccess:\n            enabled: true\n',
    );
    expect(osRoot(parseMachineConfig(text))!.certSANDNSNames).toEqual(['talos', 'talos.default']);
  });
});

describe('CertSANs of apid certificates', () => {
  const root: OSRootSpec = {
    acceptedCAs: [],
    certSANIPs: ['fd00::1', '192.0.2.1'],
    certSANDNSNames: ['api.example.org.', 'api.example.org'],
    token: '',
  };

  it('api: root SANs, node addresses, 127.0.0.1 (not ::1), hostname and FQDN; sorted, unique', () => {
    expect(apiCertSANs(root, { hostname: 'cp-1', domainname: 'lan' }, ['10.5.0.2', '192.0.2.1'])).toEqual({
      ips: ['10.5.0.2', '127.0.0.1', '192.0.2.1', 'fd00::1'],
      dnsNames: ['api.example.org', 'cp-1', 'cp-1.lan'],
      fqdn: 'cp-1.lan',
    });
  });

  it('maintenance: node addresses, 127.0.0.1 and ::1, the hostname once known; CN of the maintenance service', () => {
    expect(maintenanceCertSANs(undefined, ['10.5.0.2'])).toEqual({
      ips: ['10.5.0.2', '127.0.0.1', '::1'],
      dnsNames: [],
      fqdn: 'maintenance-service.talos.dev',
    });
    expect(maintenanceCertSANs({ hostname: 'talos-abc', domainname: '' }, ['10.5.0.2']).dnsNames).toEqual([
      'talos-abc',
    ]);
  });

  it('sorts IPv4 before IPv6, each numerically, and dedupes spellings', () => {
    const spec = new CertSANsBuilder()
      .append('fd00::10', '10.0.0.10', 'fd00:0::10', '10.0.0.9', '::1', 'b.example', 'a.example', '')
      .build();
    expect(spec.ips).toEqual(['10.0.0.9', '10.0.0.10', '::1', 'fd00::10']);
    expect(spec.dnsNames).toEqual(['a.example', 'b.example']);
  });
});

describe('encoding', () => {
  const roundTrip = (protoSpec: string | undefined, value: Record<string, unknown>) => {
    const codec = apiSchema().codec(protoSpec ?? '');
    return codec.decode(codec.encode(value));
  };

  it('OSRootSecrets: PEM and IPs as bytes, Talos’s YAML names', () => {
    const spec: OSRootSpec = {
      issuingCA: { crt: 'crt', key: 'key' },
      acceptedCAs: ['other', 'crt'],
      certSANIPs: ['10.0.0.1'],
      certSANDNSNames: ['a.example'],
      token: 'abc.def',
    };
    expect(roundTrip(OSRootDefinition.protoSpec, OSRootDefinition.toProto!(spec))).toEqual({
      issuing_ca: { crt: Buffer.from('crt'), key: Buffer.from('key') },
      cert_sani_ps: [{ ip: Buffer.from([10, 0, 0, 1]) }],
      cert_sandns_names: ['a.example'],
      token: 'abc.def',
      accepted_c_as: [{ crt: Buffer.from('other') }, { crt: Buffer.from('crt') }],
    });
    expect(OSRootDefinition.toYAML!({ ...spec, issuingCA: undefined })).toEqual({
      issuingCA: null,
      acceptedCAs: [{ crt: b64('other') }, { crt: b64('crt') }],
      certSANIPs: ['10.0.0.1'],
      certSANDNSNames: ['a.example'],
      token: 'abc.def',
    });
    expect(OSRootDefinition.sensitive).toBe(true);
  });

  it('MaintenanceRootSecrets: the CA pair', () => {
    const spec = { ca: { crt: 'c', key: 'k' } };
    expect(roundTrip(MaintenanceRootDefinition.protoSpec, MaintenanceRootDefinition.toProto!(spec))).toEqual({
      ca: { crt: Buffer.from('c'), key: Buffer.from('k') },
    });
    expect(MaintenanceRootDefinition.toYAML!(spec)).toEqual({ ca: { crt: b64('c'), key: b64('k') } });
  });
});
