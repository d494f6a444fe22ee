// The pool of connections to other nodes: one per target, reused, bounded (least recently used
// first out), and targets that cannot name a node refused as Talos refuses them.
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { PeerPool } from '../../../../src/apps/apid/peer-pool';
import { ApiError } from '../../../../src/grpc/errors';
import { generateCA, issueCertificate } from '../../../../src/pki';

async function pool(maxPeers?: number): Promise<PeerPool> {
  const ca = await generateCA({ organizations: ['talos'] });
  const cert = await issueCertificate(ca, { organizations: ['os:impersonator'], extKeyUsage: 'client' });
  return new PeerPool({
    identity: { caPem: ca.certPem, certPem: cert.certPem, keyPem: cert.keyPem },
    ...(maxPeers ? { maxPeers } : {}),
  });
}

describe('PeerPool', () => {
  it('keeps one connection per target and drops the least recently used beyond its bound', async () => {
    const p = await pool(2);
    p.backend('10.5.0.2');
    p.backend('10.5.0.3');
    p.backend('10.5.0.2'); // used again: now the most recent
    p.backend('10.5.0.4');
    expect(p.targets()).toEqual(['10.5.0.2', '10.5.0.4']);
    p.close();
  });

  it('refuses targets with a port or empty (Internal, as Talos), and everything once closed', async () => {
    const p = await pool();
    for (const t of ['', '10.5.0.2:50000', '[fd00::2]:50000', 'node-1:443']) {
      let err: unknown;
      try {
        p.backend(t);
      } catch (e: unknown) {
        err = e;
      }
      expect(err instanceof ApiError && err.code, t).toBe(grpc.status.INTERNAL);
    }
    expect(() => p.backend('fd00::2')).not.toThrow();
    expect(() => p.backend('node-1')).not.toThrow();
    p.close();
    let err: unknown;
    try {
      p.backend('10.5.0.2');
    } catch (e: unknown) {
      err = e;
    }
    expect(err instanceof ApiError && err.code).toBe(grpc.status.UNAVAILABLE);
  });
});
