// Registry settings: `machine.registries` (mirror endpoints are http or https URLs)
// and the RegistryMirrorConfig, RegistryAuthConfig and RegistryTLSConfig documents (endpoint URLs, one
// kind of credentials, a CA and client identity that parse). Talos checks the documents' endpoints at
// validation and the v1alpha1 ones only when it renders containerd's hosts files; here both are refused
// when the config is applied, so a bad endpoint never reaches the node.
import { parseCertificate, parsePrivateKey } from './validate-pki';
import { get, list, nonEmpty, record, str, type DocReport } from './validate-report';

function endpointProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `invalid URL ${JSON.stringify(url)}`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return `unsupported scheme: ${JSON.stringify(u.protocol.slice(0, -1))}`;
  return undefined;
}

/** machine.registries of the v1alpha1 document. */
export function checkV1Alpha1Registries(r: DocReport, v1: Record<string, unknown>): void {
  const base = ['machine', 'registries'] as const;
  for (const [name, mirror] of Object.entries(record(get(v1, ...base, 'mirrors')) ?? {})) {
    list(get(mirror, 'endpoints')).forEach((e, i) => {
      const problem = endpointProblem(str(e) ?? '');
      if (problem) r.error([...base, 'mirrors', name, 'endpoints', i], problem);
    });
  }
}

export function checkRegistryMirrorConfig(r: DocReport, data: Readonly<Record<string, unknown>>): void {
  list(data['endpoints']).forEach((e, i) => {
    const url = str(get(e, 'url'));
    if (url === undefined || url === '')
      r.error(['endpoints', i, 'url'], `endpoints[${i}].url must be specified`);
    else {
      const problem = endpointProblem(url);
      if (problem) r.error(['endpoints', i, 'url'], `endpoints[${i}].url: ${problem}`);
    }
  });
}

export function checkRegistryAuthConfig(r: DocReport, data: Readonly<Record<string, unknown>>): void {
  const username = nonEmpty(data['username']);
  const token = nonEmpty(data['identityToken']);
  const auth = nonEmpty(data['auth']);
  if (username && token)
    r.error([], 'only one of username/password or identityToken authentication can be specified');
  if (auth && (username || token))
    r.error([], 'only one of auth, username/password or identityToken authentication can be specified');
}

export function checkRegistryTLSConfig(r: DocReport, data: Readonly<Record<string, unknown>>): void {
  const ca = str(data['ca']);
  if (ca !== undefined && ca !== '' && parseCertificate(ca) === undefined)
    r.error(['ca'], 'ca must be a valid PEM-encoded certificate');
  const identity = record(data['clientIdentity']);
  if (identity) {
    if (parseCertificate(str(identity['cert']) ?? '') === undefined)
      r.error(['clientIdentity', 'cert'], 'client identity certificate is invalid');
    if (parsePrivateKey(str(identity['key']) ?? '') === undefined)
      r.error(['clientIdentity', 'key'], 'client identity key is invalid');
  }
}
