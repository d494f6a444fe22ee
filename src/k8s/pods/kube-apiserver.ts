// The kube-apiserver static pod from its APIServerConfig: Talos's flags (certificates from the secrets
// directory, configuration files from the config directory, the local etcd, audit log) merged with the
// extra args, the secrets/config/audit mounts and the versions of its inputs as annotations.
import {
  ANNOTATION_CONFIG_FILE_VERSION,
  ANNOTATION_CONFIG_VERSION,
  ANNOTATION_SECRETS_VERSION,
  APISERVER_CONFIG_DIR,
  APISERVER_RUN_AS,
  APISERVER_SECRETS_DIR,
  AUDIT_LOG_DIR,
  controlPlanePod,
} from './pod-common';
import { atLeast, versionFromImage, type KubeVersion } from '../version';
import { extraArgValues, mergeArgs, renderArgs, type Args, type MergePolicies } from '../pod-args';
import type { APIServerConfigSpec } from '../../resources/k8s/apiserver-config';
import { APISERVER_ID } from '../../resources/k8s/control-plane-common';

const secret = (f: string): string[] => [`${APISERVER_SECRETS_DIR}/${f}`];
const configFile = (f: string): string[] => [`${APISERVER_CONFIG_DIR}/${f}`];

const TLS_CIPHER_SUITES = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
].join(',');

const DENIED = [
  'etcd-servers',
  'client-ca-file',
  'requestheader-client-ca-file',
  'proxy-client-cert-file',
  'proxy-client-key-file',
  'encryption-provider-config',
  'etcd-cafile',
  'etcd-certfile',
  'etcd-keyfile',
  'kubelet-client-certificate',
  'kubelet-client-key',
  'service-account-key-file',
  'service-account-signing-key-file',
  'tls-cert-file',
  'tls-private-key-file',
  'authorization-config',
];

const POLICIES: MergePolicies = {
  'enable-admission-plugins': 'additive',
  'feature-gates': 'additive',
  'authorization-mode': 'additive',
  'tls-cipher-suites': 'additive',
  ...Object.fromEntries(DENIED.map((k) => [k, 'denied' as const])),
};

function defaultArgs(cfg: APIServerConfigSpec): Args {
  return {
    'admission-control-config-file': configFile('admission-control-config.yaml'),
    'allow-privileged': ['true'],
    'anonymous-auth': ['false'],
    'api-audiences': [cfg.controlPlaneEndpoint],
    'bind-address': ['0.0.0.0'],
    'client-ca-file': secret('ca.crt'),
    'enable-admission-plugins': ['NodeRestriction'],
    'requestheader-client-ca-file': secret('aggregator-ca.crt'),
    'requestheader-allowed-names': ['front-proxy-client'],
    'requestheader-extra-headers-prefix': ['X-Remote-Extra-'],
    'requestheader-group-headers': ['X-Remote-Group'],
    'requestheader-username-headers': ['X-Remote-User'],
    'proxy-client-cert-file': secret('front-proxy-client.crt'),
    'proxy-client-key-file': secret('front-proxy-client.key'),
    'enable-bootstrap-token-auth': ['true'],
    'tls-min-version': ['VersionTLS12'],
    'tls-cipher-suites': [TLS_CIPHER_SUITES],
    'encryption-provider-config': secret('encryptionconfig.yaml'),
    'audit-policy-file': configFile('auditpolicy.yaml'),
    'audit-log-path': [`${AUDIT_LOG_DIR}/kube-apiserver.log`],
    'audit-log-maxage': ['30'],
    'audit-log-maxbackup': ['10'],
    'audit-log-maxsize': ['100'],
    profiling: ['false'],
    'etcd-cafile': secret('etcd-client-ca.crt'),
    'etcd-certfile': secret('etcd-client.crt'),
    'etcd-keyfile': secret('etcd-client.key'),
    'etcd-servers': [cfg.etcdServers.join(',')],
    'kubelet-client-certificate': secret('apiserver-kubelet-client.crt'),
    'kubelet-client-key': secret('apiserver-kubelet-client.key'),
    'secure-port': [String(cfg.localPort)],
    'service-account-issuer': [cfg.controlPlaneEndpoint],
    'service-account-key-file': secret('service-account.pub'),
    'service-account-signing-key-file': secret('service-account.key'),
    'service-cluster-ip-range': [cfg.serviceCIDRs.join(',')],
    'tls-cert-file': secret('apiserver.crt'),
    'tls-private-key-file': secret('apiserver.key'),
    'kubelet-preferred-address-types': ['InternalIP,ExternalIP,Hostname'],
  };
}

/**
 * Authorization: `authorization-mode` Node,RBAC when the extra args configure authorization by flags or
 * the API server predates configuration files; otherwise the rendered authorization config file.
 */
function authorizationArgs(args: Args, extra: Readonly<Args>, version: KubeVersion): void {
  const byFlags =
    'authorization-mode' in extra || Object.keys(extra).some((k) => k.startsWith('authorization-webhook-'));
  if (byFlags || !atLeast(version, 1, 29)) {
    args['authorization-mode'] = ['Node,RBAC'];
    return;
  }
  if (!atLeast(version, 1, 30)) args['feature-gates'] = ['StructuredAuthorizationConfiguration=true'];
  args['authorization-config'] = configFile('authorization-config.yaml');
}

export interface StaticPodVersions {
  /** SecretsStatus version. */
  readonly secrets: string;
  /** The component config resource's version. */
  readonly config: string;
  /** ConfigStatus version (kube-apiserver only). */
  readonly configFiles: string;
}

export function apiServerPod(cfg: APIServerConfigSpec, versions: StaticPodVersions): Record<string, unknown> {
  const version = versionFromImage(cfg.image);
  const args = defaultArgs(cfg);
  if (cfg.advertisedAddress !== '') args['advertise-address'] = [cfg.advertisedAddress];
  if (cfg.cloudProvider !== '' && !atLeast(version, 1, 33)) args['cloud-provider'] = [cfg.cloudProvider];
  const extra = extraArgValues(cfg.extraArgs);
  authorizationArgs(args, extra, version);
  mergeArgs(args, extra, POLICIES);
  return controlPlanePod({
    id: APISERVER_ID,
    component: cfg,
    annotations: {
      [ANNOTATION_SECRETS_VERSION]: versions.secrets,
      [ANNOTATION_CONFIG_FILE_VERSION]: versions.configFiles,
      [ANNOTATION_CONFIG_VERSION]: versions.config,
    },
    runAs: APISERVER_RUN_AS,
    command: ['/usr/local/bin/kube-apiserver', ...renderArgs(args)],
    defaultRequests: { cpu: '200m', memory: '512Mi' },
    hostDirectories: [
      { name: 'secrets', path: APISERVER_SECRETS_DIR, readOnly: true },
      { name: 'config', path: APISERVER_CONFIG_DIR, readOnly: true },
      { name: 'audit', path: AUDIT_LOG_DIR, readOnly: false },
    ],
    // kube-apiserver's binary carries cap_net_bind_service, so the capability must be grantable.
    capabilities: ['NET_BIND_SERVICE'],
  });
}
