// Talos BootstrapEtcd: stop the etcd service (it may be waiting to join), make sure the data directory is
// still empty, and start it again in bootstrap mode. machined hands this to the Bootstrap API.
import { readdir } from 'node:fs/promises';
import type { ServiceControl } from '../src/system/service';
import { ETCD_SERVICE_ID, type EtcdBootstrapRequest, type EtcdService } from './etcd';
import { etcdPaths } from './etcd-paths';
import { errorMessage } from '../src/error-message';

export type EtcdBootstrapper = (req: EtcdBootstrapRequest) => Promise<void>;

/** The data directory exists and holds something. */
export async function etcdDataDirHasData(rootDir: string): Promise<boolean> {
  try {
    return (await readdir(etcdPaths(rootDir).dataDir)).length > 0;
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

export function etcdBootstrapper(
  service: EtcdService,
  services: Pick<ServiceControl, 'start' | 'stop'>,
  rootDir: string,
): EtcdBootstrapper {
  return async (req) => {
    try {
      await services.stop(ETCD_SERVICE_ID);
    } catch (e: unknown) {
      throw new Error(`failed to stop etcd: ${errorMessage(e)}`, { cause: e });
    }
    if (await etcdDataDirHasData(rootDir)) throw new Error('etcd data directory is not empty');
    service.requestBootstrap(req);
    try {
      await services.start(ETCD_SERVICE_ID);
    } catch (e: unknown) {
      throw new Error(`error starting etcd in bootstrap mode: ${errorMessage(e)}`, {
        cause: e,
      });
    }
  };
}
