// One node for the gateway benchmark, in its own process: the real apid (Apid, as machined runs it:
// TLS, roles, router, peer pool) in front of machined's real Version implementation. Reads its
// certificates and peers from the JSON file named by argv[2]; prints "ready <port>" once listening.
import { readFileSync } from 'node:fs';
import { Apid } from '../../src/apps/apid/apid';
import { machineApi } from '../../src/apps/machined/api/machine-api';
import { versionInfo } from '../../src/apps/machined/version-info';
import { apiSchema } from '../../src/grpc/api-schema';
import { LocalBackend } from '../../src/grpc/local-backend';
import { createLogger } from '../../src/log';
import { APIServiceConfigDefinition } from '../../src/resources/runtime/api-service-config';
import { APICertificatesDefinition } from '../../src/resources/secrets/api-certificates';
import { MemoryState } from '../../src/state';

export interface GatewayNodeConfig {
  readonly address: string;
  readonly caPem: string;
  readonly server: { crt: string; key: string };
  readonly client?: { crt: string; key: string };
  /** Peer address → port. */
  readonly peers: Record<string, number>;
}

async function main(): Promise<void> {
  const cfg = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as GatewayNodeConfig;
  const state = new MemoryState();
  await state.modify({ namespace: 'runtime', type: APIServiceConfigDefinition.type, id: 'apid' }, () => ({
    listenAddress: `${cfg.address}:0`,
    nodeRoutingDisabled: false,
    readonlyRoleMode: false,
    skipVerifyingClientCert: false,
  }));
  await state.modify({ namespace: 'secrets', type: APICertificatesDefinition.type, id: 'api' }, () => ({
    acceptedCAs: [cfg.caPem],
    server: cfg.server,
    ...(cfg.client ? { client: cfg.client } : {}),
    skipVerifyingClientCert: false,
  }));
  const noApply = {
    apply: () => Promise.reject(new Error('not in this benchmark')),
    current: () => undefined,
  };
  const local = new LocalBackend().register(
    'machine.MachineService',
    machineApi(versionInfo('container'), noApply, 'container'),
  );
  const stop = new AbortController();
  process.once('SIGTERM', () => stop.abort());
  await new Apid({
    state,
    local,
    methods: apiSchema().methods,
    addresses: [cfg.address],
    peerAddress: (target) => `${target}:${cfg.peers[target] ?? 1}`,
    logger: createLogger('json', 'error'),
    onListening: (_address, port) => console.log(`ready ${port}`),
  }).run(stop.signal);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
