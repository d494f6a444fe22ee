import { X509Certificate, createPrivateKey } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { MachineConfig, parseMachineConfig } from '../../../src/config';
import { edit, fixture } from './helpers';

const controlplane = fixture('controlplane.yaml');
const worker = fixture('worker.yaml');
const multidoc = fixture('multidoc.yaml');

describe('parseMachineConfig: valid configs', () => {
  it('accepts a talosctl-generated control plane config', () => {
    const cfg = parseMachineConfig(controlplane);
    expect(cfg).toBeInstanceOf(MachineConfig);
    expect(cfg.machineType()).toBe('controlplane');
    expect(cfg.documents.map((d) => d.kind)).toEqual(['v1alpha1', 'HostnameConfig']);
    expect(cfg.documents[1]).toMatchObject({
      apiVersion: 'v1alpha1',
      kind: 'HostnameConfig',
      data: { auto: 'stable' },
    });
    expect(cfg.clusterName()).toBe('demo');
    expect(cfg.controlPlaneEndpoint()).toBe('https://10.5.0.2:6443');
    expect(cfg.controlPlaneURL()?.port).toBe('6443');
    expect(cfg.installDisk()).toBe('/dev/sda');
    expect(cfg.machineCertSANs()).toEqual([]);
    expect(cfg.machineToken()).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    expect(cfg.networkHostname()).toBeUndefined();
    expect(cfg.warnings).toEqual([]);
    expect(cfg.v1alpha1()?.cluster?.apiServer?.image).toBe('registry.k8s.io/kube-apiserver:v1.36.3');
  });

  it('decodes machine.ca to PEM that node:crypto can load', () => {
    const ca = parseMachineConfig(controlplane).machineCA();
    expect(ca?.crt).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(ca?.key).toMatch(/^-----BEGIN ED25519 PRIVATE KEY-----/);
    const cert = new X509Certificate(ca?.crt ?? '');
    expect(cert.subject).toContain('O=talos');
    expect(cert.publicKey.asymmetricKeyType).toBe('ed25519');
    const key = createPrivateKey((ca?.key ?? '').replaceAll('ED25519 PRIVATE KEY', 'PRIVATE KEY'));
    expect(key.asymmetricKeyType).toBe('ed25519');
  });

  it('accepts a talosctl-generated worker config', () => {
    const cfg = parseMachineConfig(worker);
    expect(cfg.machineType()).toBe('worker');
    const ca = cfg.machineCA();
    expect(ca?.crt).toContain('BEGIN CERTIFICATE');
    expect(ca?.key).toBeUndefined();
    expect(cfg.v1alpha1()?.cluster?.ca?.key).toBe('');
    expect(cfg.warnings).toEqual([]);
  });

  it('accepts a multi-document config with several kinds', () => {
    const cfg = parseMachineConfig(multidoc);
    expect(cfg.documents.map((d) => (d.name ? `${d.kind}/${d.name}` : d.kind))).toEqual([
      'v1alpha1',
      'HostnameConfig',
      'NetworkDefaultActionConfig',
      'NetworkRuleConfig/kubelet-ingress',
      'LinkConfig/eth0',
      'ResolverConfig',
      'TimeSyncConfig',
      'RegistryMirrorConfig/docker.io',
      'WatchdogTimerConfig',
    ]);
    expect(cfg.hostname()).toBe('worker-1.example.org');
    expect(cfg.document('LinkConfig', 'eth0')?.data['mtu']).toBe(9000);
    expect(cfg.documentsOfKind('RegistryMirrorConfig')).toHaveLength(1);
  });

  it('accepts fields Talos still decodes but the published schema omits', () => {
    const legacy = edit(
      worker,
      '    certSANs: []\n',
      [
        '    certSANs: []',
        '    network:',
        '        hostname: worker-1',
        '        interfaces:',
        '            - interface: eth0',
        '              addresses: [10.5.0.3/24]',
        '              routes:',
        '                - network: 0.0.0.0/0',
        '                  gateway: 10.5.0.1',
        '    time:',
        '        servers: [time.cloudflare.com]',
        '        bootTimeout: 2m0s',
        '    registries:',
        '        mirrors:',
        '            docker.io:',
        '                endpoints: [https://mirror.gcr.io]',
        '    acceptedCAs:',
        '        - crt: ' + (/crt: (\S+)/.exec(worker)?.[1] ?? ''),
        '',
      ].join('\n'),
    );
    const cfg = parseMachineConfig(
      edit(legacy, '---\napiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n', ''),
    );
    expect(cfg.networkHostname()).toBe('worker-1');
    expect(cfg.hostname()).toBe('worker-1');
    expect(cfg.v1alpha1()?.machine?.acceptedCAs).toHaveLength(1);
  });

  it('reads scalars the way the Go decoder does', () => {
    const text = edit(
      controlplane,
      '    certSANs: []\n',
      [
        '    certSANs: [10.5.0.2, 1234]',
        '    files:',
        '        - path: /var/etc/example',
        '          content: hello',
        '          permissions: 0644',
        '          op: create',
        '    sysctls:',
        '        vm.overcommit_memory: 1',
        '        net.ipv4.ip_forward: true',
        '    env:',
        '',
      ].join('\n'),
    ).replace('wipe: false', 'wipe: no');
    const machine = parseMachineConfig(text).v1alpha1()?.machine;
    expect(machine?.files?.[0]?.permissions).toBe(0o644);
    expect(machine?.certSANs).toEqual(['10.5.0.2', '1234']);
    expect(machine?.sysctls).toEqual({ 'vm.overcommit_memory': '1', 'net.ipv4.ip_forward': 'true' });
    expect(machine?.install?.wipe).toBe(false);
    expect(machine && 'env' in machine).toBe(false);
  });

  it('accepts legacy machine types with a warning, and Uint8Array input', () => {
    const cfg = parseMachineConfig(Buffer.from(edit(worker, 'type: worker', 'type: join')));
    expect(cfg.machineType()).toBe('worker');
    expect(cfg.warnings.join('\n')).toMatch(/line 5: machine\.type: use "worker" instead of "join"/);
  });

  it('accepts a UTF-8 byte order mark and comments-only documents', () => {
    const cfg = parseMachineConfig(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`# header\n---\n${worker}`)]),
    );
    expect(cfg.machineType()).toBe('worker');
  });

  it('produces immutable configs', () => {
    const cfg = parseMachineConfig(controlplane);
    expect(Object.isFrozen(cfg)).toBe(true);
    expect(Object.isFrozen(cfg.documents)).toBe(true);
    expect(Object.isFrozen(cfg.v1alpha1()?.machine)).toBe(true);
    expect(() => {
      (cfg.v1alpha1()?.machine as { type?: string }).type = 'worker';
    }).toThrow(TypeError);
  });

  it('writes canonical YAML that parses back to the same documents', () => {
    for (const text of [controlplane, worker, multidoc]) {
      const cfg = parseMachineConfig(text);
      const out = cfg.bytes();
      expect(Buffer.isBuffer(out)).toBe(true);
      expect(out.toString()).toMatch(/^version: v1alpha1\n/);
      expect(out.toString()).toContain('\n---\napiVersion: v1alpha1\nkind: HostnameConfig\n');
      expect(parseMachineConfig(out).documents).toEqual(cfg.documents);
      expect(cfg.sourceText()).toBe(text);
    }
  });

  it('keeps strings that look like numbers quoted in canonical output', () => {
    const text = edit(worker, '    certSANs: []', "    certSANs: ['0644', '1_000', 'yes']");
    const cfg = parseMachineConfig(text);
    expect(parseMachineConfig(cfg.bytes()).machineCertSANs()).toEqual(['0644', '1_000', 'yes']);
  });

  it('reads a numeric document name as text, like Talos', () => {
    const cfg = parseMachineConfig(
      `${worker}---\napiVersion: v1alpha1\nkind: RoutingRuleConfig\nname: 1000\ntable: 100\n`,
    );
    expect(cfg.document('RoutingRuleConfig', '1000')?.data).toMatchObject({ name: '1000', table: '100' });
  });

  it('accepts a config without a v1alpha1 document', () => {
    const cfg = parseMachineConfig('apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: node-1\n');
    expect(cfg.v1alpha1()).toBeUndefined();
    expect(cfg.machineType()).toBeUndefined();
    expect(cfg.hostname()).toBe('node-1');
  });

  it('can skip the semantic validation', () => {
    const text = edit(worker, 'https://10.5.0.2:6443', 'https://:6443');
    expect(() => parseMachineConfig(text)).toThrow(/controlPlane\.endpoint/);
    expect(parseMachineConfig(text, { validate: false }).controlPlaneEndpoint()).toBe('https://:6443');
  });
});
