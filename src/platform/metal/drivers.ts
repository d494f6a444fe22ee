// The image's init loads the drivers of the hardware present beside the agent's start (Node's own
// start-up needs none of them); while it does, DRIVERS_LOADING exists. The agent waits for it to go
// before it looks at network links and disks. Without the file (another init) there is nothing to wait for.
import type { Logger } from '../../log';
import { pathExists } from '../../files/path-exists';
import { sleep } from './links';

export const DRIVERS_LOADING = '/run/drivers-loading';

/** Resolves once the drivers are loaded, or after `timeoutMs` (logged) so that a stuck load does not stop the boot. */
export async function driversLoaded(o: {
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly marker?: string;
  readonly timeoutMs?: number;
}): Promise<void> {
  const marker = o.marker ?? DRIVERS_LOADING;
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  while (await pathExists(marker)) {
    if (Date.now() >= deadline) {
      o.logger.warn({ marker }, 'drivers are still loading; going on');
      return;
    }
    await sleep(50, o.signal);
  }
}
