// PXE: QEMU's iPXE ROM (virtio-net, `-boot n`) fetches the iPXE script from QEMU's built-in TFTP
// server, the script loads the kernel and initramfs from next to itself, and the node boots with
// talos.config= pointing at a config this test serves on loopback: it comes up configured without
// any apply and answers mTLS with the generated talosconfig.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../harness/agent';
import { TestClient } from '../harness/client';
import { generateConfig, type GeneratedConfig } from '../harness/configured';
import { freeLoopback, Guest, GUEST_ADDRESS, HOST_FROM_GUEST, INITRD, KERNEL, OUT } from './harness';
import { configuredState, connectWhenUp, forwardedConfig } from './node-checks';

const PXE = join(REPO, 'images/pxe.mjs');
const HOSTNAME = 'pxe-cp1';

/** Runs images/pxe.mjs; returns its exit status and output. */
function pxeTool(args: string[]): { status: number; output: string } {
  try {
    return {
      status: 0,
      output: execFileSync(process.execPath, [PXE, ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    };
  } catch (e: unknown) {
    const err = e as { status?: number; stderr?: string };
    return { status: err.status ?? -1, output: err.stderr ?? '' };
  }
}

describe('PXE assets, as built', () => {
  it('_out/ipxe.script loads the files next to it, with a talos-config setting (maintenance unset)', () => {
    const script = readFileSync(join(OUT, 'ipxe.script'), 'utf8');
    const lines = script.split('\n');
    expect(lines[0]).toBe('#!ipxe');
    expect(lines).toContain('isset ${talos-config} || set talos-config none');
    const kernel = lines.find((l) => l.startsWith('kernel ')) ?? '';
    expect(kernel.split(' ').slice(0, 2)).toEqual(['kernel', 'vmlinuz-amd64']);
    expect(kernel).toContain(' talos.platform=metal ');
    expect(kernel).toContain(' talos.config=${talos-config} ');
    expect(lines).toContain('initrd initramfs-amd64.xz');
    expect(lines.indexOf('boot')).toBeGreaterThan(lines.indexOf('initrd initramfs-amd64.xz'));
    // The TFTP tree holds the script and the files it names.
    for (const f of ['ipxe.script', 'vmlinuz-amd64', 'initramfs-amd64.xz'])
      expect(existsSync(join(OUT, 'pxe', f))).toBe(true);
  });

  it('refuses a config URL that would break the script', () => {
    for (const bad of [
      'ftp://10.0.2.2/c.yaml',
      'http://a b/c',
      "http://x/'c'",
      'http://x/${evil}',
      'x'.repeat(20),
    ]) {
      const r = pxeTool(['--dir', join(tmpdir(), 'never-written'), '--config-url', bad]);
      expect(r.status).not.toBe(0);
      expect(r.output).toMatch(/config URL must be an http\(s\) URL/);
    }
    expect(existsSync(join(tmpdir(), 'never-written'))).toBe(false);
  });
});

describe('PXE boot through QEMU TFTP with talos.config=', () => {
  let dir: string;
  let tftp: string;
  let server: Server;
  let generated: GeneratedConfig;
  let guest: Guest;
  let configUrl: string;
  const requests: string[] = [];

  beforeAll(async () => {
    for (const f of [KERNEL, INITRD])
      if (!existsSync(f)) throw new Error(`${f} is missing: run \`make image\` first`);
    dir = await mkdtemp(join(tmpdir(), 'talos-ts-pxe-'));
    tftp = join(dir, 'tftp');
    generated = generateConfig(join(dir, 'gen'), 'pxe', GUEST_ADDRESS);
    const address = await freeLoopback();
    const config = forwardedConfig(generated.controlPlane, address, HOSTNAME);
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      if (req.url === '/config.yaml') res.writeHead(200, { 'content-type': 'text/yaml' }).end(config);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    // QEMU's user network shows the host's loopback to the guest as 10.0.2.2.
    configUrl = `http://${HOST_FROM_GUEST}:${port}/config.yaml`;
    const made = pxeTool(['--dir', tftp, '--config-url', configUrl]);
    if (made.status !== 0) throw new Error(`images/pxe.mjs failed: ${made.output}`);
    guest = await Guest.boot({
      address,
      media: ['-boot', 'n'],
      netdevOptions: `tftp=${tftp},bootfile=ipxe.script`,
    });
  });

  afterAll(async () => {
    await guest?.stop();
    await new Promise((resolve) => server?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('boots the kernel the script names, with the command line it gives', async () => {
    const line = (await guest.waitFor(/Command line: /, 240_000)).text;
    // iPXE passes exactly the script's arguments (no BOOT_IMAGE= as GRUB adds).
    expect(line).toMatch(/Command line: talos\.platform=metal console=tty0 console=ttyS0 /);
    expect(line).toContain(` talos.config=${configUrl} initrd=initramfs-amd64.xz`);
  });

  it('downloads the config and comes up configured without an apply', async () => {
    await guest.waitFor(/machine config downloaded/, 300_000);
    expect(requests[0]).toBe('GET /config.yaml');
    const admin = await connectWhenUp(guest.address, generated.adminTLS, 240_000);
    console.log(
      JSON.stringify({
        qemu: 'pxe.apid_mtls_answered',
        host_s: guest.elapsedMs() / 1000,
        guest_uptime_s: guest.guestUptimeAt(guest.elapsedMs()),
      }),
    );
    try {
      const state = await configuredState(admin);
      expect(state.stage).toBe('running');
      expect(state.hostname).toBe(HOSTNAME);
      expect(state.config).toContain('clusterName: pxe');
    } finally {
      admin.close();
    }
    // An insecure client is refused now: the maintenance service was never offered.
    const insecure = new TestClient(guest.address);
    try {
      await expect(insecure.unary('/machine.MachineService/Version', {})).rejects.toMatchObject({
        code: status.UNAVAILABLE,
      });
    } finally {
      insecure.close();
    }
    expect(guest.console()).not.toMatch(/entering maintenance service|this machine is reachable at/);
  });
});
