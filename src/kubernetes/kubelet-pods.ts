// The local kubelet's own list of pods (GET https://127.0.0.1:10250/pods/), as Talos reads it for the
// static pods' statuses on control planes: authenticated with the API server's kubelet client
// certificate, the kubelet's serving certificate checked against the Kubernetes issuing CA plus the
// kubelet's self-signed certificate (/var/lib/kubelet/pki/kubelet.crt) when there is one, for the node's name.
import { request } from 'node:https';
import { readFileIfExists } from '../files/atomic-write';
import { join } from 'node:path';
import { toNodeKeyPem } from '../pki';

export const KUBELET_PODS_URL = 'https://127.0.0.1:10250/pods/';
/** The kubelet's self-signed serving certificate (without serving certificate rotation). */
export const KUBELET_SELF_SIGNED_CERT = 'var/lib/kubelet/pki/kubelet.crt';

export interface KubeletPod {
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly status: Record<string, unknown>;
}

export class KubeletPodsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KubeletPodsError';
  }
}

export interface KubeletPodsOptions {
  readonly nodename: string;
  readonly clientCert: string;
  readonly clientKey: string;
  readonly caPem: string;
  /** The directory standing in for `/` (where the kubelet's self-signed certificate is). */
  readonly rootDir: string;
  /** Default: the local kubelet (KUBELET_PODS_URL). */
  readonly url?: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/** The pods the local kubelet runs; throws KubeletPodsError when it does not answer. */
export async function kubeletPods(opts: KubeletPodsOptions): Promise<KubeletPod[]> {
  const selfSigned = (await readFileIfExists(join(opts.rootDir, KUBELET_SELF_SIGNED_CERT)))?.toString();
  const ca = [opts.caPem, ...(selfSigned !== undefined ? [selfSigned] : [])];
  const text = await new Promise<string>((resolve, reject) => {
    const req = request(
      opts.url ?? KUBELET_PODS_URL,
      {
        ca,
        cert: opts.clientCert,
        // Talos's key PEM (e.g. ED25519 PRIVATE KEY) as node:tls reads it
        key: toNodeKeyPem(opts.clientKey),
        servername: opts.nodename,
        headers: { Accept: 'application/json' },
        timeout: opts.timeoutMs ?? 30_000,
        ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(new KubeletPodsError(`kubelet pods: ${e.message}`, { cause: e })));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200) resolve(body);
          else reject(new KubeletPodsError(`kubelet pods: HTTP ${res.statusCode}: ${body.slice(0, 200)}`));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => reject(new KubeletPodsError(`kubelet pods: ${e.message}`, { cause: e })));
    req.end();
  });
  let list: { items?: KubeletPod[] };
  try {
    list = JSON.parse(text) as { items?: KubeletPod[] };
  } catch (e: unknown) {
    throw new KubeletPodsError('kubelet pods: the answer is not JSON', { cause: e });
  }
  return list.items ?? [];
}

/** Whether the kubelet took the pod from a file or URL (a static pod), not from the API server. */
export function isStaticPod(pod: KubeletPod): boolean {
  const source = pod.metadata.annotations?.['kubernetes.io/config.source'];
  return source === 'file' || source === 'http';
}
