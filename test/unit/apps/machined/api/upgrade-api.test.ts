// Upgrade and Rollback: refused in a container and on a machine that is not installed; the registry
// mirrors of the machine config become the puller's endpoints.
import { describe, expect, it } from 'vitest';
import { upgradeApi } from '../../../../../src/apps/machined/api/upgrade-api';
import { registryMirrors } from '../../../../../src/install/installer-image';
import type { MachineConfig } from '../../../../../src/config';
import { grpcCode } from '../../../../harness/client';

type Fn = (req: unknown, ctx: unknown) => Promise<unknown>;
const call = (h: ReturnType<typeof upgradeApi>, method: string, req: unknown) =>
  (h[method as keyof typeof h] as unknown as Fn)(req, { signal: new AbortController().signal }).catch(
    (e: unknown) => e,
  );

describe('Upgrade and Rollback', () => {
  it('are refused in a container, and on metal before an install', async () => {
    let reboots = 0;
    const base = { config: () => undefined, reboot: () => reboots++, onError: () => undefined };
    const container = upgradeApi({ ...base, platform: 'container' });
    for (const m of ['Upgrade', 'Rollback']) {
      const e = await call(container, m, { image: 'ghcr.io/siderolabs/installer:v1.13.9' });
      expect(grpcCode(e)).toBe(9);
      expect(String(e)).toContain('method is not supported in container mode');
    }
    const metal = upgradeApi({ ...base, platform: 'metal' });
    const e = await call(metal, 'Upgrade', { image: 'ghcr.io/siderolabs/installer:v1.13.9' });
    expect(grpcCode(e)).toBe(9);
    expect(String(e)).toContain('Talos is not installed');
    expect(reboots).toBe(0);
  });

  it("takes machine.registries.mirrors' endpoints", async () => {
    const mirrors = {
      '10.0.2.2:5000': { endpoints: ['http://10.0.2.2:5000'] },
      'docker.io': { endpoints: ['https://mirror.example/v2/proxy'], overridePath: true, skipFallback: true },
    };
    const cfg = { v1alpha1: () => ({ machine: { registries: { mirrors } } }) } as unknown as MachineConfig;
    expect(registryMirrors(cfg)).toEqual({
      '10.0.2.2:5000': {
        endpoints: [{ url: 'http://10.0.2.2:5000', overridePath: false }],
        skipFallback: false,
      },
      'docker.io': {
        endpoints: [{ url: 'https://mirror.example/v2/proxy', overridePath: true }],
        skipFallback: true,
      },
    });
    expect(registryMirrors(undefined)).toEqual({});
  });
});
