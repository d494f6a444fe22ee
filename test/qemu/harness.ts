// Boots the image (`make image`) under QEMU (TCG, user-mode networking) for the qemu tier: the
// guest's apid port is forwarded to a free loopback address, the serial console is captured line by
// line with the host time each line arrived, and the guest is killed whatever happens.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO } from '../harness/agent';

/** Where `make image` put the image (TALOS_TS_IMAGE_OUT overrides, as IMAGE_OUT does for the build). */
export const OUT = process.env['TALOS_TS_IMAGE_OUT'] ?? join(REPO, '_out');
export const KERNEL = join(OUT, 'vmlinuz-amd64');
export const INITRD = join(OUT, 'initramfs-amd64.xz');
export const FILE_LIST = join(OUT, 'image-files.txt');
/** A file that every guest's console is appended to as it arrives (for watching a run live). */
const CONSOLE_LOG = process.env['TALOS_TS_CONSOLE_LOG'];
/** QEMU user networking: the guest's address and the host's loopback as the guest sees it. */
export const GUEST_ADDRESS = '10.0.2.15';
export const HOST_FROM_GUEST = '10.0.2.2';

export interface ConsoleLine {
  readonly text: string;
  /** Milliseconds since QEMU was started. */
  readonly hostMs: number;
}

export interface GuestOptions {
  /** Kernel parameters after `console=ttyS0 talos.platform=metal`. */
  readonly append?: string;
  readonly memoryMiB?: number;
  /** Another initramfs (default: the image's). */
  readonly initrd?: string;
  /** The loopback address to forward from (default: a free one, see freeLoopback). */
  readonly address?: string;
  /** The hostname QEMU's DHCP server hands out. */
  readonly dhcpHostname?: string;
  /** A raw disk image attached as a virtio disk (/dev/vda in the guest). */
  readonly disk?: string;
  /** More raw disk images, virtio disks after `disk` (/dev/vdb, …). */
  readonly extraDisks?: readonly string[];
  /** An ISO image in a CD drive (IDE), beside the direct kernel boot. */
  readonly cdrom?: string;
  /**
   * Boot through the firmware instead of -kernel/-initrd: the QEMU arguments for media, firmware and
   * boot order (`-drive …,media=cdrom`, `-drive if=pflash,…`, `-boot n`); `[]` boots `disk`.
   */
  readonly media?: readonly string[];
  /** More `-netdev user` options, e.g. `tftp=<dir>,bootfile=ipxe.script`. */
  readonly netdevOptions?: string;
  /** Let the guest reboot (QEMU restarts it) instead of exiting on a reboot. */
  readonly allowReboot?: boolean;
  /** The machine's SMBIOS UUID (`-uuid`; QEMU's default is all zeros, which Talos's nodeID key refuses). */
  readonly smbiosUuid?: string;
  /**
   * A second serial port (ttyS1) on a socket, named to the init with `talos-ts.fault-port=ttyS1`:
   * the test-only way to kill the agent inside the guest (Guest.killAgent).
   */
  readonly faultPort?: boolean;
}

/** The image's kernel and initramfs (and `more` of its files); throws when `make image` has not made them. */
export function requireImage(initrd = INITRD, ...more: string[]): void {
  for (const f of [KERNEL, initrd, ...more])
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`make image\` first`);
}

export class Guest {
  readonly lines: ConsoleLine[] = [];
  private partial = '';
  private readonly started = Date.now();
  private readonly waiters = new Set<() => void>();
  private exited: string | undefined;

  private constructor(
    private readonly proc: ChildProcess,
    /** The loopback address whose port 50000 reaches the guest's apid. */
    readonly address: string,
    private readonly faultSocket?: string,
  ) {
    const onData = (chunk: Buffer): void => {
      const text = this.partial + chunk.toString('utf8');
      const parts = text.split(/\r?\n/);
      this.partial = parts.pop() ?? '';
      const hostMs = this.elapsedMs();
      for (const p of parts) this.lines.push({ text: p, hostMs });
      if (CONSOLE_LOG && parts.length) appendFileSync(CONSOLE_LOG, parts.join('\n') + '\n');
      for (const w of this.waiters) w();
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.on('exit', (code, signal) => {
      this.exited = `QEMU exited (code ${code}, signal ${signal})`;
      for (const w of this.waiters) w();
    });
  }

  static async boot(opts: GuestOptions = {}): Promise<Guest> {
    const initrd = opts.initrd ?? INITRD;
    if (!opts.media) requireImage(initrd);
    const faultSocket = opts.faultPort
      ? join(mkdtempSync(join(tmpdir(), 'talos-ts-fault-')), 'ttyS1.sock')
      : undefined;
    const faultParam = faultSocket ? ' talos-ts.fault-port=ttyS1' : '';
    const direct = [
      '-kernel',
      KERNEL,
      '-initrd',
      initrd,
      '-append',
      `console=ttyS0 talos.platform=metal${faultParam} ${opts.append ?? ''}`.trim(),
    ];
    const disk = [opts.disk, ...(opts.extraDisks ?? [])].flatMap((d) =>
      d ? ['-drive', `file=${d},format=raw,if=virtio`] : [],
    );
    if (opts.cdrom) disk.push('-drive', `file=${opts.cdrom},format=raw,media=cdrom,readonly=on`);
    const address = opts.address ?? (await freeLoopback());
    const host = opts.dhcpHostname ? `,hostname=${opts.dhcpHostname}` : '';
    const args = [
      '-accel', 'tcg',
      '-m', String(opts.memoryMiB ?? 1024),
      '-nodefaults', '-display', 'none', '-serial', 'stdio', '-monitor', 'none',
      ...(faultSocket ? ['-chardev', `socket,id=fault,path=${faultSocket},server=on,wait=off`, '-serial', 'chardev:fault'] : []),
      ...(opts.allowReboot ? [] : ['-no-reboot']),
      ...(opts.smbiosUuid ? ['-uuid', opts.smbiosUuid] : []),
      ...(opts.media ?? direct),
      ...disk,
      '-netdev', `user,id=n0,hostfwd=tcp:${address}:50000-:50000${host}${opts.netdevOptions ? `,${opts.netdevOptions}` : ''}`,
      '-device', 'virtio-net-pci,netdev=n0',
    ]; // prettier-ignore
    const proc = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const guest = new Guest(proc, address, faultSocket);
    LIVE.add(guest);
    return guest;
  }

  /** Whether QEMU has exited (the guest powered off, or rebooted under -no-reboot). */
  get stopped(): boolean {
    return this.exited !== undefined;
  }

  elapsedMs(): number {
    return Date.now() - this.started;
  }

  console(): string {
    return this.lines.map((l) => l.text).join('\n');
  }

  /** Resolves with the first console line matching `re` (already seen or still to come). */
  async waitFor(re: RegExp, timeoutMs: number): Promise<ConsoleLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.lines.find((l) => re.test(l.text));
      if (hit) return hit;
      if (this.exited) throw new Error(`${this.exited} before ${re}; console:\n${this.tail()}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no console line matched ${re} in ${timeoutMs} ms; console:\n${this.tail()}`);
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.waiters.add(done);
      });
    }
  }

  /**
   * The guest's uptime (seconds) at host time `hostMs`, from the last kernel-timestamped console line
   * before it (`[   12.345678] ...`) plus the host time since that line arrived.
   */
  guestUptimeAt(hostMs: number): number | undefined {
    let ref: { uptime: number; hostMs: number } | undefined;
    for (const l of this.lines) {
      if (l.hostMs > hostMs) break;
      const m = /^\[\s*(\d+\.\d+)\]/.exec(l.text);
      if (m) ref = { uptime: Number(m[1]), hostMs: l.hostMs };
    }
    return ref && ref.uptime + (hostMs - ref.hostMs) / 1000;
  }

  tail(n = 60): string {
    return this.lines
      .slice(-n)
      .map((l) => l.text)
      .join('\n');
  }

  /** Has the init kill the agent (SIGKILL) through the fault port; the agent's pid. */
  async killAgent(): Promise<number> {
    if (!this.faultSocket) throw new Error('the guest was booted without faultPort');
    const socket = this.faultSocket;
    return new Promise((resolve, reject) => {
      const conn = connect(socket);
      let answer = '';
      const timer = setTimeout(() => {
        conn.destroy();
        reject(new Error(`no answer on the fault port: ${JSON.stringify(answer)}`));
      }, 30_000);
      conn.on('connect', () => conn.write('kill-agent\n'));
      conn.on('data', (b: Buffer) => {
        answer += b.toString();
        const m = /killed (\d+)/.exec(answer) ?? /no agent|unknown command/.exec(answer);
        if (!m) return;
        clearTimeout(timer);
        conn.destroy();
        if (m[1]) resolve(Number(m[1]));
        else reject(new Error(`fault port: ${m[0]}`));
      });
      conn.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  kill(): void {
    if (!this.exited) this.proc.kill('SIGKILL');
  }

  /** Kills QEMU (SIGKILL after 5 s) and waits for it to exit. */
  async stop(): Promise<void> {
    LIVE.delete(this);
    if (this.faultSocket) rmSync(dirname(this.faultSocket), { recursive: true, force: true });
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }
}

const LIVE = new Set<Guest>();
// A test process that dies without afterAll still takes its guests with it.
process.once('exit', () => {
  for (const g of LIVE) g.kill();
});

/** A loopback address in 127.0.0.200–250 whose port 50000 is free. */
export async function freeLoopback(): Promise<string> {
  const start = 200 + Math.floor(Math.random() * 50);
  for (let i = 0; i < 51; i++) {
    const address = `127.0.0.${200 + ((start - 200 + i) % 51)}`;
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(50000, address, () => srv.close(() => resolve(true)));
    });
    if (free) return address;
  }
  throw new Error('no free loopback address for the forwarded port');
}

/** Polls `fn` every `intervalMs` until it resolves or `timeoutMs` passes (then throws the last error). */
export async function within<T>(timeoutMs: number, fn: () => Promise<T>, intervalMs = 1000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (e: unknown) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
