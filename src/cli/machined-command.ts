// `talos-ts machined --platform container --state-dir DIR --listen ADDR`: runs the node agent.
import { mkdir } from 'node:fs/promises';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { Machined } from '../apps/machined/machined';
import { apiSchema } from '../grpc/api-schema';
import { createLogger, isLogFormat } from '../log';
import { CONTROLLER_RUNTIME_LOG, LogSources, MACHINED_LOG } from '../system/logs';
import { parseArgs, UsageError } from './args';

export const MACHINED_USAGE =
  'usage: talos-ts machined --platform container --state-dir DIR --listen ADDR [--log-format console|json]';

export async function runMachined(argv: readonly string[], signal: AbortSignal): Promise<void> {
  const { flags, positional } = parseArgs(argv, ['platform', 'state-dir', 'listen', 'log-format']);
  if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
  const platform = flags.get('platform') ?? 'container';
  if (platform !== 'container')
    throw new UsageError(`platform ${platform} is not supported here (only container)`);
  const listen = flags.get('listen') ?? '127.0.0.1';
  if (isIP(listen) === 0)
    throw new UsageError(`--listen must be an IP address, got ${JSON.stringify(listen)}`);
  const format = flags.get('log-format') ?? 'console';
  if (!isLogFormat(format)) throw new UsageError('--log-format must be console or json');
  const stateDir = resolve(flags.get('state-dir') ?? '.state');
  await mkdir(stateDir, { recursive: true, mode: 0o700 });

  // As in Talos: machined's lines (time-stamped) go to `machined`; the controller runtime's go to
  // `controller-runtime` and, like everything on the console, to `machined` too.
  const logSources = new LogSources();
  const machinedLog = logSources.sink(MACHINED_LOG, { timestamps: true });
  const logger = createLogger(format, 'info', process.stdout, machinedLog);
  const controllerLogger = createLogger(
    format,
    'info',
    process.stdout,
    logSources.sink(CONTROLLER_RUNTIME_LOG),
    machinedLog,
  );
  const machined = new Machined({
    platform,
    stateDir,
    listen,
    schema: apiSchema(),
    logger,
    logSources,
    controllerLogger,
  });
  // Keeps the process alive while no listener is open (a worker waiting for its certificate).
  const keepAlive = setInterval(() => undefined, 1 << 30);
  try {
    await machined.run(signal);
  } finally {
    clearInterval(keepAlive);
  }
  logger.info('machined stopped');
}
