// LifecycleService (talosctl 1.13's install/upgrade path): refused in a container and on metal before
// an install; on metal an Upgrade streams the upgrader's steps as progress messages, then the exit
// code, and never reboots; an image that cannot be had is Internal, as Talos's failed installer start.
import { describe, expect, it } from 'vitest';
import { lifecycleApi } from '../../../../../src/apps/machined/api/lifecycle-api';
import type { MetalUpgrader } from '../../../../../src/apps/machined/metal-upgrade';
import { ApiError } from '../../../../../src/grpc/errors';
import { grpcCode } from '../../../../harness/client';

type StreamFn = (req: unknown, ctx: unknown, send: (m: unknown) => Promise<void>) => Promise<void>;
const IMAGE = '10.0.2.2:5000/siderolabs/installer:v1.13.10';

async function upgrade(h: ReturnType<typeof lifecycleApi>, image: string, method = 'Upgrade') {
  const sent: unknown[] = [];
  const fn = h[method as keyof typeof h] as unknown as StreamFn;
  const error = await fn(
    { containerd: null, source: { image_name: image } },
    { signal: new AbortController().signal },
    (m) => {
      sent.push(m);
      return Promise.resolve();
    },
  ).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { sent, error };
}

/** An upgrader whose write succeeds (or not); `gate` holds it until released. */
function fakeUpgrader(o: { installed: boolean; pull?: 'fails'; write?: 'fails'; gate?: Promise<void> }) {
  const calls: string[] = [];
  const upgrader = {
    installed: o.installed,
    upgradeWithoutReboot: async (image: string, _m: unknown, progress: (l: string) => Promise<void>) => {
      calls.push(image);
      await progress(`pulling the boot assets of ${image}`);
      await o.gate;
      if (o.pull === 'fails') throw new ApiError(2, `error validating installer image "${image}": not found`);
      await progress(o.write === 'fails' ? 'upgrade failed: disk full' : 'upgrade written to boot slot B');
      return o.write !== 'fails';
    },
  } as unknown as MetalUpgrader;
  return { upgrader, calls };
}

describe('LifecycleService', () => {
  const config = () => undefined;

  it('refuses in a container, and an upgrade on metal before an install', async () => {
    const container = lifecycleApi({ platform: 'container', config });
    for (const [m, what] of [
      ['Upgrade', 'upgrade'],
      ['Install', 'installation'],
    ] as const) {
      const { error } = await upgrade(container, IMAGE, m);
      expect(grpcCode(error)).toBe(9);
      expect(String(error)).toContain(`${what} is not supported in container mode`);
    }
    const { upgrader, calls } = fakeUpgrader({ installed: false });
    const { error } = await upgrade(lifecycleApi({ platform: 'metal', upgrader, config }), IMAGE);
    expect(grpcCode(error)).toBe(9);
    expect(String(error)).toContain('machine is not installed');
    expect(calls).toEqual([]);
  });

  it('requires the installer image', async () => {
    const { upgrader, calls } = fakeUpgrader({ installed: true });
    const { error } = await upgrade(lifecycleApi({ platform: 'metal', upgrader, config }), '');
    expect(grpcCode(error)).toBe(3);
    expect(String(error)).toContain('installer image name is required');
    expect(calls).toEqual([]);
  });

  it('streams the steps, then exit code 0 (or 1 when the write failed)', async () => {
    const ok = fakeUpgrader({ installed: true });
    const good = await upgrade(lifecycleApi({ platform: 'metal', upgrader: ok.upgrader, config }), IMAGE);
    expect(good.error).toBeUndefined();
    expect(good.sent).toEqual([
      { progress: { message: `pulling the boot assets of ${IMAGE}` } },
      { progress: { message: 'upgrade written to boot slot B' } },
      { progress: { exit_code: 0 } },
    ]);
    const bad = fakeUpgrader({ installed: true, write: 'fails' });
    const failed = await upgrade(lifecycleApi({ platform: 'metal', upgrader: bad.upgrader, config }), IMAGE);
    expect(failed.error).toBeUndefined();
    expect(failed.sent.at(-2)).toEqual({ progress: { message: 'upgrade failed: disk full' } });
    expect(failed.sent.at(-1)).toEqual({ progress: { exit_code: 1 } });
  });

  it('answers Internal when the image cannot be had', async () => {
    const { upgrader } = fakeUpgrader({ installed: true, pull: 'fails' });
    const { error, sent } = await upgrade(lifecycleApi({ platform: 'metal', upgrader, config }), IMAGE);
    expect(grpcCode(error)).toBe(13);
    expect(String(error)).toContain(`upgrade failed: error validating installer image "${IMAGE}"`);
    expect(sent).toHaveLength(1);
  });

  it('refuses a second upgrade while one runs', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const { upgrader, calls } = fakeUpgrader({ installed: true, gate });
    const api = lifecycleApi({ platform: 'metal', upgrader, config });
    const first = upgrade(api, IMAGE);
    const second = await upgrade(api, IMAGE);
    expect(grpcCode(second.error)).toBe(9);
    expect(String(second.error)).toContain('another installation/upgrade is already in progress');
    release();
    expect((await first).error).toBeUndefined();
    expect(calls).toEqual([IMAGE]);
  });
});
