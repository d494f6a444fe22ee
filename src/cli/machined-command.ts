// `talos-ts machined --platform container|metal --state-dir DIR --listen ADDR`: runs the node agent.
// On metal (the image's init starts it with --state-dir /) the network comes up first and the agent
// listens on the node's address (unless --listen is given); the machine config lives in /system/state.
// The agent itself (machined and the API schema, most of the code) loads while the network comes up:
// a boot spends its waits for the link and DHCP on compiling it.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import type { MetalBoot } from '../apps/machined/metal-boot';
import type { MetalSystem } from '../apps/machined/metal-system';
import type { PlatformName } from '../apps/machined/platform';
import { createLogger, isLogFormat, type LogFormat, type Logger } from '../log';
import { CONTROLLER_RUNTIME_LOG, LogSources, MACHINED_LOG } from '../system/logs';
import { processFaults } from '../process-faults';
import { parseArgs, UsageError } from './args';

export const MACHINED_USAGE =
  'usage: talos-ts machined --platform container|metal --state-dir DIR [--listen ADDR] [--log-format console|json]';

/** Where the metal platform keeps the machine config: Talos' STATE mount point, under the root. */
const METAL_PERSIST_DIR = 'system/state';

/** Runs the agent until `signal`; resolves with the exit code the init acts on (metal: 10 reboots). */
export async function runMachined(argv: readonly string[], signal: AbortSignal): Promise<number> {
  const { flags, positional } = parseArgs(argv, ['platform', 'state-dir', 'listen', 'log-format']);
  if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
  const platform = flags.get('platform') ?? 'container';
  if (platform !== 'container' && platform !== 'metal')
    throw new UsageError(`platform ${platform} is not supported (container or metal)`);
  const listenFlag = flags.get('listen');
  if (listenFlag !== undefined && isIP(listenFlag) === 0)
    throw new UsageError(`--listen must be an IP address, got ${JSON.stringify(listenFlag)}`);
  const format = flags.get('log-format') ?? 'console';
  if (!isLogFormat(format)) throw new UsageError('--log-format must be console or json');
  const stateDir = resolve(flags.get('state-dir') ?? '.state');
  await mkdir(stateDir, { recursive: true, mode: 0o700 });

  const { logSources, logger, controllerLogger, serviceLogger } = agentLoggers(format, process.stdout);
  let boot: MetalBoot | undefined;
  let metal: MetalSystem | undefined;
  let initialConfig: Buffer | undefined;
  const persistDir = join(stateDir, METAL_PERSIST_DIR);
  // The agent stops on the signal, or on metal when it asks the init for a reboot.
  const stop = new AbortController();
  signal.addEventListener('abort', () => stop.abort(), { once: true });
  // An uncaught exception anywhere stops the agent in order (src/process-faults.ts).
  const detachFaults = processFaults.attach(logger, () => stop.abort());
  // On metal the network comes up first (loaded only there: container start-up stays small), then
  // the rest loads during its waits.
  const drivers = platform === 'metal' ? driversIn(logger, signal) : undefined;
  const network = drivers ? startNetwork(logger, signal, drivers) : undefined;
  const agent = loadAgent();
  for (const p of [drivers, network, agent]) p?.catch(() => undefined); // awaited below, unless something fails first
  if (network) {
    const [{ metalSystem }] = await Promise.all([import('../apps/machined/metal-system'), drivers]);
    const networkUp = network.then(() => undefined);
    networkUp.catch(() => undefined); // a failure reaches whoever waits on it (a KMS key), never unhandled
    metal = await metalSystem({
      logger,
      signal: stop.signal,
      root: stateDir,
      stop: () => stop.abort(),
      network: () => networkUp,
    });
    boot = await network;
    await mkdir(persistDir, { recursive: true, mode: 0o700 });
    if (existsSync(join(persistDir, 'config.yaml')))
      logger.info({ path: persistDir }, 'machine config found in STATE: talos.config= is not fetched');
    else {
      const { platformConfig } = await import('../apps/machined/metal-boot');
      initialConfig = await platformConfig(boot.params, { logger, signal: stop.signal });
    }
  }
  const { Machined, apiSchema } = await agent;
  const listen = listenFlag ?? (boot ? (boot.addresses[0] ?? '0.0.0.0') : '127.0.0.1');
  const machined = new Machined({
    platform: platform satisfies PlatformName,
    stateDir,
    persistDir: boot ? persistDir : undefined,
    initialConfig,
    installer: metal?.installer,
    power: metal?.power,
    machineReset: metal?.reset,
    meta: metal?.meta,
    upgrader: metal?.upgrader,
    // On metal, `ip=` (brought up by the boot already) is the network model's cmdline layer.
    networkSources: boot
      ? {
          cmdline: (await import('../network/config/cmdline-intent')).cmdlineNetworkIntent(
            boot.params,
            boot.network?.link,
          ),
        }
      : undefined,
    volumes: metal?.volumes,
    listen,
    schema: apiSchema(),
    logger,
    logSources,
    controllerLogger,
    serviceLogger,
  });
  // Keeps the process alive while no listener is open (a worker waiting for its certificate).
  const keepAlive = setInterval(() => undefined, 1 << 30);
  try {
    await machined.run(stop.signal);
  } catch (e: unknown) {
    // As Talos: a boot that fails after an upgrade goes back to the slot it came from.
    await metal?.upgrader?.revertFailedUpgrade();
    throw e;
  } finally {
    clearInterval(keepAlive);
    await metal?.release();
    detachFaults();
  }
  logger.info('machined stopped');
  return metal?.exitCode() ?? 0;
}

/**
 * The agent's log sources and loggers, printing to `out`. As in Talos: machined's lines (time-stamped)
 * go to `machined`; the controller runtime's go to `controller-runtime` and, like everything on the
 * console, to `machined` too; apid's and trustd's go to their own sources (`talosctl logs apid`).
 */
export function agentLoggers(format: LogFormat, out: NodeJS.WritableStream) {
  const logSources = new LogSources();
  const machinedLog = logSources.sink(MACHINED_LOG, { timestamps: true });
  const logger = createLogger(format, 'info', out, machinedLog);
  const controllerLogger = createLogger(
    format,
    'info',
    out,
    logSources.sink(CONTROLLER_RUNTIME_LOG),
    machinedLog,
  );
  /** The in-process services' own loggers (apid, trustd): their source, and the console. */
  const serviceLogger = (id: string): Logger =>
    createLogger(format, 'info', out, logSources.sink(id, { timestamps: true }));
  return { logSources, logger, controllerLogger, serviceLogger };
}

/** The image's init loads the drivers beside the agent's start: links and disks are looked at once they are in. */
async function driversIn(logger: Logger, signal: AbortSignal): Promise<void> {
  const { driversLoaded } = await import('../platform/metal/drivers');
  await driversLoaded({ logger, signal });
}

/** The metal boot (network, then the `talos.config=` download), started as early as can be. */
async function startNetwork(logger: Logger, signal: AbortSignal, drivers: Promise<void>): Promise<MetalBoot> {
  const [{ metalBoot }] = await Promise.all([import('../apps/machined/metal-boot'), drivers]);
  return metalBoot({ logger, signal });
}

/** machined and the API schema, loading (most of the agent's code) while the caller goes on. */
export async function loadAgent() {
  const [{ Machined }, { apiSchema }] = await Promise.all([
    import('../apps/machined/machined'),
    import('../grpc/api-schema'),
  ]);
  return { Machined, apiSchema };
}
