// KubernetesDynamicCerts and CertSANs encode to Talos's protobuf specs (round trip through the API schema)
// and to Talos's YAML (base64 PEM per field).
import { describe, expect, it } from 'vitest';
import { apiSchema } from '../../../../src/grpc/api-schema';
import type { ResourceDefinition } from '../../../../src/resources/definition';
import { findResourceDefinition } from '../../../../src/resources/registry';
import { CertSANsDefinition, type CertSANSpec } from '../../../../src/resources/secrets/cert-sans';
import {
  KubernetesDynamicCertsDefinition,
  type KubernetesDynamicCertsSpec,
} from '../../../../src/resources/secrets/kubernetes-dynamic-certs';

function roundTrip<S>(def: ResourceDefinition<S>, spec: S): unknown {
  const codec = apiSchema().codec(def.protoSpec ?? '');
  const proto = def.toProto ? def.toProto(spec) : (spec as Record<string, unknown>);
  return codec.decode(codec.encode(proto));
}

const SPEC: KubernetesDynamicCertsSpec = {
  apiServer: { crt: 'api-crt', key: 'api-key' },
  apiServerKubeletClient: { crt: 'kc-crt', key: 'kc-key' },
  frontProxy: { crt: 'fp-crt', key: 'fp-key' },
};

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('Kubernetes dynamic certs encoding', () => {
  it('is registered, sensitive, in secrets', () => {
    const def = findResourceDefinition('KubernetesDynamicCerts.secrets.talos.dev');
    expect(def).toBe(KubernetesDynamicCertsDefinition);
    expect(def?.sensitive).toBe(true);
    expect(def?.defaultNamespace).toBe('secrets');
    expect(findResourceDefinition('BootstrapManifestsConfigs.kubernetes.talos.dev')?.protoSpec).toBe(
      'talos.resource.definitions.k8s.BootstrapManifestsConfigSpec',
    );
    expect(findResourceDefinition('ExtraManifestsConfigs.kubernetes.talos.dev')?.defaultNamespace).toBe(
      'controlplane',
    );
  });

  it('round-trips PEM pairs as bytes', () => {
    expect(roundTrip(KubernetesDynamicCertsDefinition, SPEC)).toEqual({
      api_server: { crt: Buffer.from('api-crt'), key: Buffer.from('api-key') },
      api_server_kubelet_client: { crt: Buffer.from('kc-crt'), key: Buffer.from('kc-key') },
      front_proxy: { crt: Buffer.from('fp-crt'), key: Buffer.from('fp-key') },
    });
    expect(KubernetesDynamicCertsDefinition.toYAML?.(SPEC)).toEqual({
      apiServer: { crt: b64('api-crt'), key: b64('api-key') },
      apiServerKubeletClient: { crt: b64('kc-crt'), key: b64('kc-key') },
      frontProxy: { crt: b64('fp-crt'), key: b64('fp-key') },
    });
  });

  it('CertSANs carries IPs as bytes', () => {
    const sans: CertSANSpec = { ips: ['10.96.0.1', 'fd00::1'], dnsNames: ['kubernetes'], fqdn: '' };
    expect(roundTrip(CertSANsDefinition, sans)).toMatchObject({
      i_ps: [
        { ip: Buffer.from([10, 96, 0, 1]) },
        { ip: Buffer.from('fd000000000000000000000000000001', 'hex') },
      ],
      dns_names: ['kubernetes'],
    });
  });
});
