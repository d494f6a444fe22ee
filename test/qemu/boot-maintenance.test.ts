// The image booted with no config: the console shows maintenance mode with the certificate
// fingerprint, an insecure client gets Version over the forwarded port from a server whose
// certificate has that fingerprint, and the image holds no shell or package manager.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../harness/client';
import { FILE_LIST, Guest, GUEST_ADDRESS, within } from './harness';
import { servedFingerprint } from './node-checks';

const VERSION = '/machine.MachineService/Version';

describe('metal image, maintenance mode', () => {
  let guest: Guest;

  beforeAll(async () => {
    guest = await Guest.boot();
  });

  afterAll(async () => {
    await guest?.stop();
  });

  it('prints the maintenance banner on the console', async () => {
    await guest.waitFor(/init: starting the agent/, 180_000);
    // DHCP from QEMU's user network: the address and its DNS server.
    const up = await guest.waitFor(/network is up/, 120_000);
    expect(up.text).toContain('"addresses":["10.0.2.15/24"]');
    expect(up.text).toContain('"dns":["10.0.2.3"]');
    await guest.waitFor(/this machine is reachable at:/, 120_000);
    await guest.waitFor(new RegExp(`^\\S*\\s*\\t${GUEST_ADDRESS.replace(/\./g, '\\.')}\\b`), 5_000);
    await guest.waitFor(
      /talosctl apply-config --insecure --nodes 10\.0\.2\.15 --cert-fingerprint '[A-Za-z0-9+/=]+' --file <config\.yaml>/,
      60_000,
    );
    // Everything init does worked: no mount, /etc or read-only remount failed.
    expect(guest.console()).not.toMatch(/init: (mount|remounting|populating|exec)/);
  });

  it('answers Version to an insecure client, with the certificate the console announced', async () => {
    const answered = await within(180_000, async () => {
      const c = new TestClient(guest.address);
      try {
        return await c.unary<{ messages: { version: { tag: string }; platform?: { name: string } }[] }>(
          VERSION,
          {},
        );
      } finally {
        c.close();
      }
    });
    const uptime = guest.guestUptimeAt(guest.elapsedMs());
    console.log(JSON.stringify({ qemu: 'maintenance.apid_answered', guest_uptime_s: uptime }));
    expect(answered.messages[0]?.version.tag).toBe('v1.13.9');
    expect(answered.messages[0]?.platform?.name).toBe('metal');

    const line = await guest.waitFor(/server certificate issued/, 1000);
    const announced = /"fingerprint":\s*"([^"]+)"/.exec(line.text)?.[1];
    expect(announced).toBeDefined();
    expect(await servedFingerprint(guest.address, 50000)).toBe(announced);
  });

  it('ships no shell and no package manager', () => {
    const entries = readFileSync(FILE_LIST, 'utf8')
      .trim()
      .split('\n')
      .map((l) => {
        const [type, size, path] = l.split(' ');
        return { type, size: Number(size), path: path ?? '' };
      });
    const paths = new Set(entries.map((e) => e.path));
    for (const p of [
      '/init',
      '/usr/bin/node',
      '/usr/lib/talos-ts/start.cjs',
      '/usr/lib/talos-ts/talos-ts.cjs',
      '/usr/lib/talos-ts/talos-ts.cjs.cache',
      '/usr/sbin/modprobe',
    ])
      expect(paths).toContain(p);
    expect(entries.some((e) => e.path.endsWith('/virtio_net.ko'))).toBe(true);
    const names = entries.map((e) => e.path.split('/').pop() ?? '');
    const forbidden = ['sh', 'bash', 'dash', 'ash', 'zsh', 'busybox', 'apt', 'apt-get', 'dpkg', 'rpm'];
    expect(names.filter((n) => forbidden.includes(n))).toEqual([]);
    expect(entries.every((e) => Number.isInteger(e.size) && e.size >= 0)).toBe(true);
  });
});
