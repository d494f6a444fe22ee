// Runs one controller until the signal fires, restarting it with exponential backoff when it throws.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log';
import type { ControllerAdapter } from './controller-adapter';
import { errorMessage } from '../error-message';

export async function superviseController(
  adapter: ControllerAdapter,
  signal: AbortSignal,
  logger: Logger,
): Promise<void> {
  while (!signal.aborted) {
    adapter.beginRun(signal);
    try {
      adapter.logger.debug('controller starting');
      await adapter.controller.run(adapter, signal);
      adapter.logger.debug('controller finished');
      return;
    } catch (e: unknown) {
      if (signal.aborted) return;
      const delayMs = adapter.nextRestartDelay();
      logger.error(
        { controller: adapter.name, error: describe(e), restartInMs: delayMs },
        'controller failed',
      );
      try {
        await sleep(delayMs, undefined, { signal });
      } catch {
        return; // aborted while waiting
      }
    }
  }
}

function describe(e: unknown): string {
  if (e instanceof AggregateError) return [e.message, ...e.errors.map(describe)].join('; ');
  return errorMessage(e);
}
