// The Kubernetes secrets resources encode to Talos's protobuf specs (round trip through the API schema),
// and API server IPs follow Talos's NthIPInCIDRSet(serviceCIDRs, 1).
import { describe, expect, it } from 'vitest';
import { apiServerIPs } from '../../../../src/k8s/service-ips';
import { apiSchema } from '../../../../src/grpc/api-schema';
import type { ResourceDefinition } from '../../../../src/resources/definition';
import {
  KubernetesRootDefinition,
  type KubernetesRootSpec,
} from '../../../../src/resources/secrets/kubernetes-root';
import { KubernetesSecretsDefinition } from '../../../../src/resources/secrets/kubernetes-secrets';

function roundTrip<S>(def: ResourceDefinition<S>, spec: S): unknown {
  const codec = apiSchema().codec(def.protoSpec ?? '');
  const proto = def.toProto ? def.toProto(spec) : (spec as Record<string, unknown>);
  return codec.decode(codec.encode(proto));
}

const ROOT: KubernetesRootSpec = {
  name: 'demo',
  endpoint: 'https://10.5.0.2:6443',
  localEndpoint: 'https://127.0.0.1:7445',
  certSANs: ['k8s.example'],
  apiServerIPs: ['10.96.0.1', 'fd00::1'],
  dnsDomain: 'cluster.local',
  issuingCA: { crt: 'ca-crt', key: 'ca-key' },
  acceptedCAs: ['ca-crt'],
  serviceAccount: 'sa-key',
  aggregatorCA: { crt: 'agg-crt', key: 'agg-key' },
  aesCBCEncryptionSecret: 'aes',
  bootstrapTokenID: 'abc',
  bootstrapTokenSecret: 'def',
  secretboxEncryptionSecret: 'box',
};

describe('Kubernetes secrets encoding', () => {
  it('KubernetesRootSecrets carries URLs, IPs as bytes and PEM as bytes', () => {
    expect(roundTrip(KubernetesRootDefinition, ROOT)).toEqual({
      name: 'demo',
      endpoint: { full_path: 'https://10.5.0.2:6443' },
      local_endpoint: { full_path: 'https://127.0.0.1:7445' },
      cert_sa_ns: ['k8s.example'],
      dns_domain: 'cluster.local',
      issuing_ca: { crt: Buffer.from('ca-crt'), key: Buffer.from('ca-key') },
      service_account: { key: Buffer.from('sa-key') },
      aggregator_ca: { crt: Buffer.from('agg-crt'), key: Buffer.from('agg-key') },
      aescbc_encryption_secret: 'aes',
      bootstrap_token_id: 'abc',
      bootstrap_token_secret: 'def',
      secretbox_encryption_secret: 'box',
      api_server_ips: [
        { ip: Buffer.from([10, 96, 0, 1]) },
        { ip: Buffer.from('fd000000000000000000000000000001', 'hex') },
      ],
      accepted_c_as: [{ crt: Buffer.from('ca-crt') }],
    });
    const yaml = KubernetesRootDefinition.toYAML?.(ROOT) as Record<string, unknown>;
    expect(yaml.endpoint).toMatchObject({ scheme: 'https', host: '10.5.0.2:6443', path: '' });
    expect(yaml.apiServerIPs).toEqual(['10.96.0.1', 'fd00::1']);
    expect(yaml.serviceAccount).toEqual({ key: Buffer.from('sa-key').toString('base64') });
  });

  it('KubernetesSecrets carries the four kubeconfigs as strings', () => {
    const spec = {
      schedulerKubeconfig: 's',
      controllerManagerKubeconfig: 'c',
      localhostAdminKubeconfig: 'l',
      adminKubeconfig: 'a',
    };
    expect(roundTrip(KubernetesSecretsDefinition, spec)).toEqual({
      scheduler_kubeconfig: 's',
      controller_manager_kubeconfig: 'c',
      localhost_admin_kubeconfig: 'l',
      admin_kubeconfig: 'a',
    });
  });

  it('API server IPs are the first address of each service subnet', () => {
    expect(apiServerIPs(['10.96.0.0/12'])).toEqual(['10.96.0.1']);
    expect(apiServerIPs(['10.96.0.0/12,fd00:10:96::/112'])).toEqual(['10.96.0.1', 'fd00:10:96::1']);
    expect(() => apiServerIPs(['10.0.0.0/32'])).toThrow('CIDR 10.0.0.0/32 too small for offset 1');
  });
});
