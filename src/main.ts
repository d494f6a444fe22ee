// The talos-ts command. One place handles signals: the first SIGINT/SIGTERM drains, a second forces.
// One owner handles the faults nobody caught (src/process-faults.ts), installed before anything runs.
import { setMaxListeners } from 'node:events';
import { isConfigValidationError } from './config/errors';
import { isUsageError } from './cli/args';
import { EXIT_FAULT, processFaults } from './process-faults';

processFaults.install();

const USAGE = `usage: talos-ts <command>
  machined   run the node agent (--platform container|metal --state-dir DIR [--listen ADDR] [--log-format console|json])
  gen        generate secrets, machine configs and a talosconfig (talos-ts gen config CLUSTER ENDPOINT)
  cluster    a local cluster of agents in network namespaces (talos-ts cluster create|destroy|show)
  images     list the Kubernetes images a node uses, as \`talosctl images default\` (--k8s-version …)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const ac = new AbortController();
  // Every watch and long-running loop of the agent listens on this one signal: far more than ten.
  setMaxListeners(0, ac.signal);
  let signals = 0;
  const onSignal = (): void => {
    if (++signals > 1) process.exit(130);
    ac.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    switch (command) {
      case 'machined':
        return await (await import('./cli/machined-command')).runMachined(rest, ac.signal);
      case 'gen':
        return await (
          await import('./cli/gen/command')
        ).runGen(rest, { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
      case 'cluster':
        return await (
          await import('./cli/cluster/cluster-command')
        ).runCluster(rest, { stdout: process.stdout, stderr: process.stderr }, ac.signal);
      case 'images':
        return (await import('./cli/images-command')).runImages(rest, process.stdout);
      case 'preload':
        // Not for users: the image build runs it to record V8's code cache (images/agent/start.cjs).
        return await (await import('./cli/preload-command')).runPreload();
      case undefined:
      case 'help':
      case '--help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`unknown command ${JSON.stringify(command)}\n${USAGE}\n`);
        return 2;
    }
  } catch (e: unknown) {
    if (isUsageError(e) || isConfigValidationError(e)) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main(process.argv.slice(2)).then(
  // after a fault the agent has stopped in order, and the exit status says why
  (code) => process.exit(processFaults.fatal ? EXIT_FAULT : code),
  (e: unknown) => {
    process.stderr.write(`fatal: ${e instanceof Error ? e.message : 'unknown error'}\n`);
    process.exit(processFaults.fatal ? EXIT_FAULT : 1);
  },
);
