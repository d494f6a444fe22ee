// machine.MachineService EtcdDowngradeValidate, EtcdDowngradeEnable and EtcdDowngradeCancel
// (`talosctl etcd downgrade …`): etcd's own Maintenance.Downgrade on the local member, control planes
// only, the version checked first as Talos does (MAJOR.MINOR, 3.5 or later). etcd has this API from
// 3.5 on; an etcd without it (Debian's 3.4) answers Unimplemented, which is passed on as
// FailedPrecondition naming the reason, since the method itself is served.
import { status } from '@grpc/grpc-js';
import { isEtcdError } from '../../../etcd/errors';
import { localClient } from '../../../etcd/local';
import { ApiError } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import type { State } from '../../../state';
import { apiError, checkControlPlane } from './etcd-api';

/** Talos's validateDowngrade: `MAJOR.MINOR`, numbers, at least 3.5. */
export function checkDowngradeVersion(version: string): void {
  if (version === '') throw new ApiError(status.INVALID_ARGUMENT, 'version is required for etcd downgrade');
  const parts = version.split('.');
  if (parts.length !== 2)
    throw new ApiError(status.INVALID_ARGUMENT, 'version should be in MAJOR.MINOR format');
  const [major, minor] = parts.map((p) => (/^[+-]?\d+$/.test(p) ? Number(p) : NaN)) as [number, number];
  if (Number.isNaN(major)) throw new ApiError(status.INVALID_ARGUMENT, 'major version should be a number');
  if (Number.isNaN(minor)) throw new ApiError(status.INVALID_ARGUMENT, 'minor version should be a number');
  if (major < 3 || (major === 3 && minor < 5))
    throw new ApiError(status.INVALID_ARGUMENT, 'etcd downgrade is only supported to 3.5 and later versions');
}

async function downgrade(
  state: State,
  action: 'VALIDATE' | 'ENABLE' | 'CANCEL',
  version: string,
  signal: AbortSignal,
): Promise<{ messages: { cluster_downgrade: { cluster_version: string } }[] }> {
  let client;
  try {
    client = await localClient(state);
  } catch (e: unknown) {
    throw apiError(e, 'failed to create etcd client');
  }
  try {
    const res = await client.downgrade(action, version, { signal });
    return { messages: [{ cluster_downgrade: { cluster_version: res.version } }] };
  } catch (e: unknown) {
    if (isEtcdError(e) && e.code === status.UNIMPLEMENTED)
      throw new ApiError(
        status.FAILED_PRECONDITION,
        `this etcd has no downgrade API (etcd 3.5 and later): ${e.message}`,
      );
    throw apiError(e, 'failed to query etcd status');
  } finally {
    client.close();
  }
}

export function etcdDowngradeApi(state: State): Implementation<'machine.MachineService'> {
  return implement('machine.MachineService', {
    EtcdDowngradeValidate: async (req, ctx) => {
      await checkControlPlane(state, 'etcd downgrade validate');
      checkDowngradeVersion(req.version);
      return downgrade(state, 'VALIDATE', req.version, ctx.signal);
    },
    EtcdDowngradeEnable: async (req, ctx) => {
      await checkControlPlane(state, 'etcd downgrade enable');
      checkDowngradeVersion(req.version);
      return downgrade(state, 'ENABLE', req.version, ctx.signal);
    },
    EtcdDowngradeCancel: async (_req, ctx) => {
      await checkControlPlane(state, 'etcd downgrade cancel');
      return downgrade(state, 'CANCEL', '', ctx.signal);
    },
  });
}
