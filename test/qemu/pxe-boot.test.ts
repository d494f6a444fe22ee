// PXE: QEMU's iPXE ROM (virtio-net, `-boot n`) fetches the iPXE script from QEMU's built-in TFTP
// server, the script loads the kernel and initramfs from next to itself, and the node boots with
// talos.config= pointing at a config this test serves on loopback: it comes up configured without
// any apply and answers mTLS with the generated talosconfig.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../harness/agent';
import { TestClient } from '../harness/client';
import { generateConfig, type GeneratedConfig } from '../harness/configured';
import { freeLoopback, GUEST_ADDRESS, HOST_FROM_GUEST, INITRD, KERNEL, OUT, within } from './harness';

const PXE = join(REPO, 'images/pxe.mjs');
const HOSTNAME = 'pxe-cp1';

interface YamlSpec {
  resource: { spec: { yaml_spec: string } };
}

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
  let guest: PxeGuest;
  let configUrl: string;
  const requests: string[] = [];

  beforeAll(async () => {
    for (const f of [KERNEL, INITRD])
      if (!existsSync(f)) throw new Error(`${f} is missing: run \`make image\` first`);
    dir = await mkdtemp(join(tmpdir(), 'talos-ts-pxe-'));
    tftp = join(dir, 'tftp');
    generated = generateConfig(join(dir, 'gen'), 'pxe', GUEST_ADDRESS);
    const address = await freeLoopback();
    const config = forwardedConfig(generated.controlPlane, address);
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
    guest = PxeGuest.boot(address, tftp, 'ipxe.script');
  });

  afterAll(async () => {
    await guest?.stop();
    await new Promise((resolve) => server?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('boots the kernel the script names, with the command line it gives', async () => {
    const line = await guest.waitFor(/Command line: /, 240_000);
    // iPXE passes exactly the script's arguments (no BOOT_IMAGE= as GRUB adds).
    expect(line).toMatch(/Command line: talos\.platform=metal console=tty0 console=ttyS0 /);
    expect(line).toContain(` talos.config=${configUrl} initrd=initramfs-amd64.xz`);
  });

  it('downloads the config and comes up configured without an apply', async () => {
    await guest.waitFor(/machine config downloaded/, 300_000);
    expect(requests[0]).toBe('GET /config.yaml');
    const admin = await within(240_000, async () => {
      const c = new TestClient(guest.address, generated.adminTLS);
      try {
        await c.unary('/machine.MachineService/Version', {});
        return c;
      } catch (e: unknown) {
        c.close();
        throw e;
      }
    });
    console.log(
      JSON.stringify({
        qemu: 'pxe.apid_mtls_answered',
        host_s: guest.elapsedMs() / 1000,
        last_kernel_timestamp_s: guest.lastUptime(),
      }),
    );
    try {
      const status = await within(60_000, async () => {
        const ms = await admin.unary<YamlSpec>('/cosi.resource.State/Get', {
          namespace: 'runtime',
          type: 'MachineStatuses.runtime.talos.dev',
          id: 'machine',
        });
        const spec = parse(ms.resource.spec.yaml_spec) as { stage: string };
        if (spec.stage !== 'running') throw new Error(`stage ${spec.stage}`);
        return spec;
      });
      expect(status.stage).toBe('running');
      const hostname = await admin.unary<YamlSpec>('/cosi.resource.State/Get', {
        namespace: 'network',
        type: 'HostnameStatuses.net.talos.dev',
        id: 'hostname',
      });
      expect(parse(hostname.resource.spec.yaml_spec)).toMatchObject({ hostname: HOSTNAME });
      const mc = await admin.unary<YamlSpec>('/cosi.resource.State/Get', {
        namespace: 'config',
        type: 'MachineConfigs.config.talos.dev',
        id: 'v1alpha1',
      });
      expect(mc.resource.spec.yaml_spec).toContain('clusterName: pxe');
    } finally {
      admin.close();
    }
    // An insecure client is refused now: the maintenance service was never offered.
    const insecure = new TestClient(guest.address);
    try {
      await expect(insecure.unary('/machine.MachineService/Version', {})).rejects.toThrow();
    } finally {
      insecure.close();
    }
    expect(guest.console()).not.toMatch(/entering maintenance service|this machine is reachable at/);
  });
});

/**
 * The generated control-plane config with a fixed hostname, and the forwarded loopback address in
 * machine.certSANs (the test reaches apid through it, so the server certificate must name it).
 */
function forwardedConfig(controlPlane: Buffer, forwarded: string): string {
  const docs = parseAllDocuments(controlPlane.toString());
  for (const doc of docs) {
    if (doc.get('kind') === 'HostnameConfig') {
      doc.delete('auto');
      doc.set('hostname', HOSTNAME);
    }
    if (doc.get('version') === 'v1alpha1') doc.setIn(['machine', 'certSANs'], [forwarded]);
  }
  return docs.map((d) => d.toString()).join('---\n');
}

/**
 * A guest that network-boots (`-boot n`) from QEMU's TFTP server rooted at `tftp`, with the apid port
 * forwarded to `address` and the serial console captured; killed on stop and when the test process exits.
 */
class PxeGuest {
  private text = '';
  private exited: string | undefined;
  private readonly started = Date.now();

  private constructor(
    private readonly proc: ReturnType<typeof spawn>,
    readonly address: string,
  ) {
    const onData = (d: Buffer): void => {
      this.text += d.toString('latin1').replace(/\r/g, '');
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.on('exit', (code, signal) => (this.exited = `QEMU exited (code ${code}, signal ${signal})`));
  }

  static boot(address: string, tftp: string, bootfile: string): PxeGuest {
    const proc = spawn(
      'qemu-system-x86_64',
      [
        '-accel', 'tcg', '-m', '1024',
        '-nodefaults', '-display', 'none', '-serial', 'stdio', '-monitor', 'none', '-no-reboot',
        '-boot', 'n',
        '-netdev', `user,id=n0,tftp=${tftp},bootfile=${bootfile},hostfwd=tcp:${address}:50000-:50000`,
        '-device', 'virtio-net-pci,netdev=n0',
      ], // prettier-ignore
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const guest = new PxeGuest(proc, address);
    const kill = (): void => void proc.kill('SIGKILL');
    process.once('exit', kill);
    proc.once('exit', () => process.off('exit', kill));
    return guest;
  }

  elapsedMs(): number {
    return Date.now() - this.started;
  }

  console(): string {
    return this.text;
  }

  /** The last kernel timestamp seen on the console. */
  lastUptime(): number | undefined {
    const all = [...this.text.matchAll(/^\[\s*(\d+\.\d+)\]/gm)];
    return all.length ? Number(all[all.length - 1]?.[1]) : undefined;
  }

  /** The first console line matching `re`, waiting for it up to `timeoutMs`. */
  async waitFor(re: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.text.split('\n').find((l) => re.test(l));
      if (hit !== undefined) return hit;
      const tail = (): string => this.text.split('\n').slice(-60).join('\n');
      if (this.exited) throw new Error(`${this.exited} before ${re}; console:\n${tail()}`);
      if (Date.now() > deadline)
        throw new Error(`no console line matched ${re} in ${timeoutMs} ms:\n${tail()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }
}
