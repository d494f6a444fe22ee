// machine.MachineService Kubeconfig: a fresh admin kubeconfig (CN "admin", O "system:masters", lifetime
// `cluster.adminKubeconfig.certLifetime`, default 1 year) in a .tar.gz holding one file, `kubeconfig`
// (mode 0600), sent as one `common.Data` message, as Talos v1.13 serves it to `talosctl kubeconfig`.
import { status } from '@grpc/grpc-js';
import { gzipSync } from 'node:zlib';
import { adminKubeconfig, KUBERNETES_CERT_VALIDITY_MS } from '../../../k8s/kubeconfig';
import { ApiError } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import { MACHINE_CONFIG, type MachineConfigSpec } from '../../../resources/config/machine-config';
import { KUBERNETES_ROOT, type KubernetesRootSpec } from '../../../resources/secrets/kubernetes-root';
import { getSpec, type State } from '../../../state';
import { checkControlPlane } from './control-plane-check';
import { errorMessage } from '../../../error-message';
import { parseGoDurationNanos } from '../apply/go-duration';

export function kubeconfigApi(state: State): Implementation<'machine.MachineService'> {
  return implement('machine.MachineService', {
    Kubeconfig: async (_req, _ctx, send) => {
      await checkControlPlane(state, 'kubeconfig');
      const root = await getSpec<KubernetesRootSpec>(state, KUBERNETES_ROOT);
      if (!root?.issuingCA)
        throw new ApiError(status.FAILED_PRECONDITION, 'Kubernetes root secrets are not available yet');
      const config = await getSpec<MachineConfigSpec>(state, MACHINE_CONFIG);
      const lifetime = config?.config.v1alpha1()?.cluster?.adminKubeconfig?.certLifetime;
      const validity = lifetime ? parseGoDuration(lifetime) : KUBERNETES_CERT_VALIDITY_MS;
      const text = await adminKubeconfig(root, root.endpoint, 'admin', validity);
      await send({ bytes: gzipSync(tarOneFile('kubeconfig', Buffer.from(text), 0o600)) });
    },
  });
}

/** Go's time.ParseDuration for positive values ("8760h", "1h30m0s"), in milliseconds. */
export function parseGoDuration(text: string): number {
  let ns: bigint;
  try {
    ns = parseGoDurationNanos(text);
  } catch (e: unknown) {
    throw new ApiError(status.UNKNOWN, errorMessage(e));
  }
  return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
}

/** A ustar archive with one regular file (mtime now), padded and terminated with two zero blocks. */
export function tarOneFile(name: string, data: Buffer, mode: number): Buffer {
  const header = Buffer.alloc(512);
  const octal = (v: number, len: number, off: number): void => {
    header.write(`${v.toString(8).padStart(len - 1, '0')}\0`, off, len, 'ascii');
  };
  header.write(name, 0, 100, 'utf8');
  octal(mode, 8, 100);
  octal(0, 8, 108);
  octal(0, 8, 116);
  octal(data.length, 12, 124);
  octal(Math.floor(Date.now() / 1000), 12, 136);
  header.fill(' ', 148, 156);
  header.write('0', 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([header, data, pad, Buffer.alloc(1024)]);
}
