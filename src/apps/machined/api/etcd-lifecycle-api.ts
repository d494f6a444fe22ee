// machine.MachineService Bootstrap, EtcdSnapshot and EtcdRecover (Talos v1.13): start a new etcd
// cluster on this node, stream the local member's database, and take a snapshot upload to recover from
// with the next `Bootstrap(recover_etcd)`.
import { status } from '@grpc/grpc-js';
import { open, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { etcdDataDirHasData, type EtcdBootstrapper } from '../../../../services/etcd-bootstrap';
import { etcdPaths } from '../../../../services/etcd-paths';
import { localClient } from '../../../etcd/local';
import { ApiError } from '../../../grpc/errors';
import type * as common from '../../../gen/api/common';
import type * as machine from '../../../gen/api/machine';
import { implement, type ClientStreamHandler, type Implementation } from '../../../grpc/handler';
import type { Logger } from '../../../log';
import type { State } from '../../../state';
import { errorMessage } from '../../../error-message';
import { apiError, checkControlPlane } from './etcd-api';

export interface EtcdLifecycleOptions {
  readonly state: State;
  readonly rootDir: string;
  /** Restarts the etcd service in bootstrap mode (services/etcd-bootstrap.ts etcdBootstrapper). */
  readonly bootstrap: EtcdBootstrapper;
  /** Talos allows bootstrap once the CRI service is up; there is no CRI here, so default yes. */
  readonly bootstrapAllowed?: () => boolean | Promise<boolean>;
  readonly logger?: Logger;
}

export function etcdLifecycleApi(o: EtcdLifecycleOptions): Implementation<'machine.MachineService'> {
  const { state } = o;
  const paths = etcdPaths(o.rootDir);

  const recover: ClientStreamHandler<common.Data, machine.EtcdRecoverResponseInit> = async (reqs) => {
    try {
      await stat(dirname(paths.recoverySnapshot));
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        throw new ApiError(status.FAILED_PRECONDITION, 'etcd service is not ready for recovery yet');
      throw e;
    }
    await checkControlPlane(state, 'etcd recover');
    let file;
    try {
      file = await open(paths.recoverySnapshot, 'w', 0o700);
    } catch (e: unknown) {
      throw apiError(e, 'error creating etcd recovery snapshot');
    }
    let uploaded = false;
    try {
      for await (const msg of reqs) {
        try {
          await file.write(msg.bytes);
        } catch (e: unknown) {
          throw apiError(e, 'error writing snapshot');
        }
      }
      try {
        await file.sync();
      } catch (e: unknown) {
        throw apiError(e, 'error fsyncing snapshot');
      }
      uploaded = true;
    } finally {
      await file.close();
      if (!uploaded) await rm(paths.recoverySnapshot, { force: true });
    }
    return { messages: [{}] };
  };

  return implement('machine.MachineService', {
    Bootstrap: async (req) => {
      o.logger?.info('bootstrap request received');
      if (!(await (o.bootstrapAllowed?.() ?? true)))
        throw new ApiError(status.FAILED_PRECONDITION, 'bootstrap is not available yet');
      await checkControlPlane(state, 'bootstrap');
      if (await etcdDataDirHasData(o.rootDir))
        throw new ApiError(status.ALREADY_EXISTS, 'etcd data directory is not empty');
      try {
        await o.bootstrap({
          recoverEtcd: req.recover_etcd ?? false,
          recoverSkipHashCheck: req.recover_skip_hash_check ?? false,
        });
      } catch (e: unknown) {
        throw apiError(e);
      }
      return { messages: [{}] };
    },

    EtcdSnapshot: async (_req, ctx, send) => {
      await checkControlPlane(state, 'etcd snapshot');
      let client;
      try {
        client = await localClient(state);
      } catch (e: unknown) {
        throw apiError(e, 'failed to create etcd client');
      }
      try {
        for await (const chunk of client.snapshot({ signal: ctx.signal })) await send({ bytes: chunk });
      } catch (e: unknown) {
        if (e instanceof ApiError) throw e;
        throw new ApiError(status.UNKNOWN, `failed reading etcd snapshot: ${errorMessage(e)}`);
      } finally {
        client.close();
      }
    },

    EtcdRecover: recover,
  });
}
