// New apid certificates take effect for new connections without a restart: a client connected
// before keeps its connection (what lets `talosctl rotate-ca` go on through the same endpoint).
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCA, issueCertificate, type CertAndKey } from '../../../../src/pki';
import type { APICertsSpec } from '../../../../src/resources/secrets/api-certificates';
import { grpcCode } from '../../../harness/client';
import { eventually } from '../../../harness/eventually';
import { Client, CERTS, startGatewayCluster, type GatewayCluster, type GatewayNode } from './gateway-cluster';

const NODE = '127.0.0.167';
const VERSION = '/machine.MachineService/Version';

describe('apid certificates replaced while it runs', () => {
  let cluster: GatewayCluster;
  let node: GatewayNode;
  let newCA: CertAndKey;

  beforeAll(async () => {
    cluster = await startGatewayCluster([{ name: 'n', address: NODE, forwards: true }]);
    node = cluster.nodes[0]!;
    newCA = await generateCA({ organizations: ['talos'] });
  });

  afterAll(() => cluster?.close());

  it('keeps open connections and serves the new certificate to new ones', async () => {
    const before = await cluster.client(node, ['os:admin']);
    await before.unary(VERSION, {});
    const restarts = node.machined.calls.length;

    const server = await issueCertificate(newCA, { ipAddresses: [NODE], extKeyUsage: 'server' });
    await node.state.modify<APICertsSpec>(CERTS, (s) => ({
      ...s!,
      acceptedCAs: [cluster.ca.certPem, newCA.certPem],
      server: { crt: server.certPem, key: server.keyPem },
    }));

    const newClientCert = await issueCertificate(newCA, {
      organizations: ['os:admin'],
      extKeyUsage: 'client',
    });
    const after = new Client(node, newCA.certPem, newClientCert);
    try {
      // a new connection trusting only the new CA gets through once the change is applied
      await eventually(() => after.unary(VERSION, {}), 50);
      // the connection made before the change goes on (no listener restart)
      await before.unary(VERSION, {});
      expect(node.machined.calls.length).toBeGreaterThan(restarts);
      // a new connection trusting only the old CA no longer verifies the server
      const old = await cluster.client(node, ['os:admin']);
      expect(grpcCode(await old.unary(VERSION, {}).catch((e: unknown) => e))).toBe(grpc.status.UNAVAILABLE);
    } finally {
      after.raw.close();
    }
  });
});
