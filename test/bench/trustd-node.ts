// trustd for the signing benchmark, in its own process: the real Trustd (TLS, token check, CSR
// parsing and signing) with the OS CA and token from the JSON file named by argv[2]; prints
// "ready <host:port>" once listening.
import { readFileSync } from 'node:fs';
import { Trustd } from '../../src/apps/trustd/trustd';
import { createLogger } from '../../src/log';
import { MachineConfigDefinition, MACHINE_CONFIG_ID } from '../../src/resources/config/machine-config';
import { MemoryState } from '../../src/state';

interface TrustdNodeConfig {
  readonly address: string;
  readonly ca: { crt: string; key: string };
  readonly token: string;
}

async function main(): Promise<void> {
  const cfg = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as TrustdNodeConfig;
  const state = new MemoryState();
  const stop = new AbortController();
  process.once('SIGTERM', () => stop.abort());
  const running = new Trustd({
    state,
    listen: cfg.address,
    port: 0,
    secrets: () => ({
      issuingCA: cfg.ca,
      acceptedCAs: [cfg.ca.crt],
      token: cfg.token,
      sans: { ips: [cfg.address], dnsNames: [] },
    }),
    // trustd logs every request at info; the benchmark would measure the log writes
    logger: createLogger('json', 'warn'),
    onListening: (address) => console.log(`ready ${address}`),
  }).run(stop.signal);
  await state.modify(
    { namespace: 'config', type: MachineConfigDefinition.type, id: MACHINE_CONFIG_ID },
    () => ({
      yaml: 'bench',
    }),
  );
  await running;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
