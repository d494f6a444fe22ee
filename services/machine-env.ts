// The environment Talos hands to the services it runs from the machine config (`machine.env`, then
// the EnvironmentConfig document's variables over it): proxies (http_proxy, https_proxy, no_proxy) and
// gRPC logging knobs reach containerd, cri, etcd and the kubelet. A TrustedRootsConfig bundle, when the
// agent wrote one, is what their TLS clients trust (SSL_CERT_FILE).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MACHINE_CONFIG, type MachineConfigSpec } from '../src/resources/config/machine-config';
import { getSpec, type State } from '../src/state';

import { CA_BUNDLE } from '../src/files/ca-bundle';

const strings = (v: unknown): Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};

export async function machineEnvironment(state: State): Promise<Record<string, string>> {
  const config = (await getSpec<MachineConfigSpec>(state, MACHINE_CONFIG))?.config;
  if (!config) return {};
  const env = strings(config.v1alpha1()?.machine?.env);
  for (const doc of config.documentsOfKind('EnvironmentConfig'))
    Object.assign(env, strings(doc.data['variables']));
  return env;
}

/** machine.env, and SSL_CERT_FILE when the node has its own CA bundle under the root directory. */
export async function serviceEnvironment(state: State, rootDir: string): Promise<Record<string, string>> {
  const env = await machineEnvironment(state);
  const bundle = join(rootDir, CA_BUNDLE);
  if (rootDir !== '/' && existsSync(bundle)) env['SSL_CERT_FILE'] = bundle;
  return env;
}
