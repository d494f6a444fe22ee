// A kubeconfig's current context as a client needs it: the server, the CA it trusts and the client's
// certificate and key (inline `*-data`, or files read relative to a root directory) or bearer token.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { yamlLibrary } from '../files/yaml-library';

export interface KubeconfigCredentials {
  readonly server: string;
  readonly caPem?: string;
  readonly certPem?: string;
  readonly keyPem?: string;
  readonly token?: string;
}

export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

interface Named<T> {
  name: string;
  [key: string]: unknown;
  value?: T;
}

type Entry = Record<string, unknown>;

function pick(list: unknown, kind: string, name: string | undefined): Entry {
  const items = Array.isArray(list) ? (list as Named<unknown>[]) : [];
  const found = name === undefined ? items[0] : items.find((i) => i?.name === name);
  const value = found?.[kind];
  if (typeof value !== 'object' || value === null)
    throw new KubeconfigError(`kubeconfig has no ${kind} ${JSON.stringify(name ?? '')}`);
  return value as Entry;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Reads the current context of `text`; `*-data` fields are base64, file fields (certificate-authority,
 * client-certificate, client-key) are read with `rootDir` standing in for `/`.
 */
export async function kubeconfigCredentials(text: string, rootDir = '/'): Promise<KubeconfigCredentials> {
  // The YAML library loads on the first use: a node in maintenance never reads a kubeconfig.
  const { parse } = await yamlLibrary();
  let doc: Entry;
  try {
    doc = parse(text) as Entry;
  } catch (e: unknown) {
    throw new KubeconfigError(`kubeconfig is not YAML: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof doc !== 'object' || doc === null) throw new KubeconfigError('kubeconfig is empty');
  const contextName = str(doc['current-context']);
  const context = pick(doc['contexts'], 'context', contextName);
  const cluster = pick(doc['clusters'], 'cluster', str(context['cluster']));
  const user = pick(doc['users'], 'user', str(context['user']));
  const server = str(cluster['server']);
  if (server === undefined) throw new KubeconfigError('kubeconfig cluster has no server');
  const read = async (data: unknown, file: unknown): Promise<string | undefined> => {
    const inline = str(data);
    if (inline !== undefined) return Buffer.from(inline, 'base64').toString('utf8');
    const path = str(file);
    if (path === undefined) return undefined;
    return readFile(isAbsolute(path) ? join(rootDir, path) : path, 'utf8');
  };
  const caPem = await read(cluster['certificate-authority-data'], cluster['certificate-authority']);
  const certPem = await read(user['client-certificate-data'], user['client-certificate']);
  const keyPem = await read(user['client-key-data'], user['client-key']);
  const token = str(user['token']);
  return {
    server,
    ...(caPem !== undefined ? { caPem } : {}),
    ...(certPem !== undefined ? { certPem } : {}),
    ...(keyPem !== undefined ? { keyPem } : {}),
    ...(token !== undefined ? { token } : {}),
  };
}
