// MachineService GenerateClientConfiguration: a talosconfig whose client certificate has the roles and
// lifetime asked for, signed by the OS CA; refused without a positive TTL and on workers.
import { readFileSync } from 'node:fs';
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { clientConfigApi, parseRoles } from '../../../../../src/apps/machined/api/client-config-api';
import { parseTalosconfig } from '../../../../../src/cli/gen/talosconfig';
import { parseMachineConfig } from '../../../../../src/config';
import { ApiError } from '../../../../../src/grpc/errors';
import { parseCertificate } from '../../../../../src/pki';
import {
  MachineTypeDefinition,
  type MachineTypeName,
} from '../../../../../src/resources/config/machine-type';
import { MemoryState } from '../../../../../src/state';

const CONFIG = parseMachineConfig(
  readFileSync(new URL('../../../../fixtures/config/controlplane.yaml', import.meta.url), 'utf8'),
);
const TYPE = { namespace: 'config', type: MachineTypeDefinition.type, id: 'machine-type' };

interface Answer {
  messages: { ca: Buffer; crt: Buffer; key: Buffer; talosconfig: Buffer }[];
}
type Handler = (req: unknown, ctx: unknown) => Promise<Answer>;

async function generate(type: MachineTypeName, req: unknown): Promise<Answer> {
  const state = new MemoryState();
  await state.modify<MachineTypeName>(TYPE, () => type);
  const h = clientConfigApi(state, () => CONFIG).GenerateClientConfiguration as unknown as Handler;
  return h(req, {});
}

const codeOf = (e: unknown): number | undefined => (e instanceof ApiError ? e.code : undefined);

describe('GenerateClientConfiguration', () => {
  it('issues a client certificate with the roles and TTL asked for, in a talosconfig', async () => {
    const before = Date.now();
    const res = await generate('controlplane', {
      roles: ['os:reader', ' ', 'os:reader'],
      crt_ttl: { seconds: '7200', nanos: 0 },
    });
    const msg = res.messages[0]!;
    const cert = parseCertificate(msg.crt);
    expect(cert.subject.organizations).toEqual(['os:reader']);
    expect(cert.extKeyUsage).toEqual(['clientAuth']);
    const lifetime = cert.notAfter.getTime() - cert.notBefore.getTime();
    expect(lifetime).toBeGreaterThan(7200_000 - 2_000);
    expect(lifetime).toBeLessThanOrEqual(7200_000 + 1_000);
    expect(cert.notBefore.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    const ca = parseCertificate(CONFIG.machineCA()!.crt);
    expect(cert.x509.verify(ca.publicKey)).toBe(true);
    expect(msg.ca.toString()).toBe(CONFIG.machineCA()!.crt);

    const tc = parseTalosconfig(msg.talosconfig.toString());
    expect(tc.context).toBe(`reader@${CONFIG.clusterName()}`);
    const ctx = tc.contexts[tc.context]!;
    expect(ctx.endpoints).toEqual([]);
    expect(ctx.ca).toBe(CONFIG.machineCA()!.crt);
    expect(ctx.crt).toBe(msg.crt.toString());
    expect(ctx.key).toBe(msg.key.toString());
  });

  it('names the context after the cluster for several roles', async () => {
    const res = await generate('init', { roles: ['os:operator', 'os:admin'], crt_ttl: { seconds: '60' } });
    const tc = parseTalosconfig(res.messages[0]!.talosconfig.toString());
    expect(tc.context).toBe(CONFIG.clusterName());
    expect(parseCertificate(res.messages[0]!.crt).subject.organizations).toEqual(['os:admin', 'os:operator']);
  });

  it('refuses a TTL that is not positive (InvalidArgument) and workers (Unimplemented)', async () => {
    for (const crt_ttl of [null, { seconds: '0' }, { seconds: '-5' }]) {
      const e = await generate('controlplane', { roles: ['os:admin'], crt_ttl }).catch((x: unknown) => x);
      expect(codeOf(e)).toBe(status.INVALID_ARGUMENT);
      expect(String(e)).toContain('crt_ttl should be positive');
    }
    const w = await generate('worker', { roles: ['os:admin'], crt_ttl: { seconds: '60' } }).catch(
      (x: unknown) => x,
    );
    expect(codeOf(w)).toBe(status.UNIMPLEMENTED);
  });

  it('keeps roles as Talos parses them', () => {
    expect(parseRoles(['os:reader', 'os:admin', '', 'os:reader', 'custom'])).toEqual([
      'custom',
      'os:admin',
      'os:reader',
    ]);
  });
});
